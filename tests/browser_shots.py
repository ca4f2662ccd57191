"""Screenshots of a browser page at desktop and phone widths, for a person to look at."""

WIDTHS = ((1366, 900), (390, 844))


def shoot(page, folder, name: str) -> dict[int, int]:
    """Full-page screenshots at 1366 and 390 px into `folder`; returns each width's document
    scroll width (more than the viewport means the page scrolls sideways)."""
    widths = {}
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        widths[width] = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    return widths
