"""Refuse polyglot uploads: files that are a valid PDF/JPEG/PNG/Office file *and* something else.

The magic bytes only say how a file begins. A polyglot begins like an allowed type but carries a
second format a browser, an unzipper or a script host would also accept — HTML or script where a
browser sniffs content, an archive or code appended after the end of the image or document. We
check the structure each allowed type must have at its end (and, for Office files, inside the ZIP)
and refuse markup in the first bytes, where browsers sniff. Only the head and tail are read, so a
large file costs two short reads, never a scan of the whole file.
"""

from __future__ import annotations

import re
import struct
import zipfile

from django.utils.translation import gettext, gettext_lazy

_HEAD_BYTES = 1024  # browsers sniff at most the first 512 bytes; keep a margin
_TAIL_BYTES = 1024
# Markup that turns a sniffed file into a page or a script.
_ACTIVE_MARKUP = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|!doctype)\b|<\?php", re.IGNORECASE)
_PADDING = b" \t\r\n\x00\x0c"

_PDF_EOF = b"%%EOF"
_JPEG_EOI = b"\xff\xd9"
_PNG_IEND = b"IEND\xaeB`\x82"
_ZIP_EOCD = b"PK\x05\x06"
_OOXML_MAIN_PART = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
}

MESSAGE = gettext_lazy("%(kind)s 文件结构异常：%(problem)s。请上传由办公软件直接导出的文件。")


def _read_head_and_tail(uploaded_file) -> tuple[bytes, bytes]:
    uploaded_file.seek(0)
    head = uploaded_file.read(_HEAD_BYTES)
    size = uploaded_file.size
    uploaded_file.seek(max(0, size - _TAIL_BYTES))
    tail = uploaded_file.read(_TAIL_BYTES)
    uploaded_file.seek(0)
    return head, tail


def _trailing_after(tail: bytes, marker: bytes) -> bytes | None:
    """What follows the last `marker` in the tail (padding stripped), or None when the marker is absent."""
    at = tail.rfind(marker)
    if at < 0:
        return None
    return tail[at + len(marker) :].strip(_PADDING)


def _ooxml_problem(uploaded_file, mime: str) -> tuple[str, str] | None:
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return gettext("压缩结构损坏")
    finally:
        uploaded_file.seek(0)
    if "[Content_Types].xml" not in names or _OOXML_MAIN_PART[mime] not in names:
        return gettext("缺少 Office 文档必需的部件")
    if _expands_too_far(uploaded_file):
        return gettext("解压后体积过大或压缩比异常（疑似压缩炸弹）")
    # The end-of-central-directory record must close the file: no comment, nothing appended.
    _, tail = _read_head_and_tail(uploaded_file)
    at = tail.rfind(_ZIP_EOCD)
    if at < 0 or len(tail) - at < 22:
        return gettext("压缩结构损坏")
    (comment_length,) = struct.unpack("<H", tail[at + 20 : at + 22])
    if comment_length or len(tail) - at != 22:
        return gettext("压缩包末尾附加了其他数据")
    return None


# Small documents of repetitive XML compress very well; a ratio only matters once content is large.
RATIO_FLOOR_BYTES = 10 * 1024 * 1024


def _expands_too_far(uploaded_file) -> bool:
    """True when the archive's content, actually decompressed, exceeds the size or ratio limits.

    Declared sizes in the ZIP directory can lie, so the members are inflated in chunks and counted,
    stopping as soon as a limit is passed: a 2 MB file holding 2 GiB costs at most the limit's worth
    of inflating, never the 2 GiB (docs/uploads.md).
    """
    from django.conf import settings

    max_bytes = settings.DOCUMENT_OOXML_MAX_UNCOMPRESSED_BYTES
    max_ratio = settings.DOCUMENT_OOXML_MAX_RATIO
    compressed = max(uploaded_file.size, 1)
    total = 0
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > max_bytes:
                return True
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
                        if total > max_bytes or (total > RATIO_FLOOR_BYTES and total > max_ratio * compressed):
                            return True
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError):
        return True
    finally:
        uploaded_file.seek(0)
    return False


def structural_problem(uploaded_file, mime: str) -> str | None:
    """The reason why this file of detected type `mime` looks like a polyglot, or None when clean."""
    head, tail = _read_head_and_tail(uploaded_file)
    kind = mime.rsplit("/", 1)[-1].upper()
    problem: tuple[str, str] | None = None
    if _ACTIVE_MARKUP.search(head) or _ACTIVE_MARKUP.search(tail):
        problem = gettext("文件中含有网页或脚本代码")
    elif mime == "application/pdf":
        after = _trailing_after(tail, _PDF_EOF)
        if after is None:
            problem = gettext("文件末尾缺少 PDF 结束标记")
        elif after:
            problem = gettext("PDF 结束标记之后附加了其他数据")
    elif mime == "image/jpeg":
        if tail.rstrip(b"\x00")[-2:] != _JPEG_EOI:
            problem = gettext("JPEG 图像结束标记之后附加了其他数据")
    elif mime == "image/png":
        if not tail.endswith(_PNG_IEND):
            problem = gettext("PNG 图像结束之后附加了其他数据")
    elif mime in _OOXML_MAIN_PART:
        kind = "Office"
        problem = _ooxml_problem(uploaded_file, mime)
    if problem is None:
        return None
    return MESSAGE % {"kind": kind, "problem": problem}
