// A real OpenID Connect provider (the npm `oidc-provider` package) standing in for a provincial
// government-service portal's unified identity authentication (统一身份认证) in the tests.
// Configuration comes as JSON in OIDC_TEST_CONFIG:
//   { "port": 0, "client": { "client_id", "client_secret", "redirect_uris": [...] },
//     "accounts_file": "/path/to/accounts.json" }
// The accounts file maps a login to the claims the provider releases for it (the login is the
// subject, "sub"); it is read again on every lookup, so a test can change a person's claims
// between two logins.
// It prints "listening <issuer>" once it serves. Logins use the package's development
// interaction pages (a login form and a consent form); a login that is not in "accounts"
// is refused, so a test can also prove an unknown person gets no session.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

const server = http.createServer();
server.listen(config.port || 0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...config.client, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'profile', 'phone', 'gov_identity'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      phone: ['phone_number'],
      gov_identity: ['id_card_number', 'org_credit_code', 'org_name'],
    },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, id) {
      const accounts = JSON.parse(readFileSync(config.accounts_file, 'utf8'));
      if (!accounts[id]) return undefined;
      return {
        accountId: id,
        async claims() {
          const current = JSON.parse(readFileSync(config.accounts_file, 'utf8'));
          return { ...current[id], sub: id };
        },
      };
    },
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  console.log(`listening ${issuer}`);
});
