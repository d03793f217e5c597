// An independent OpenID provider for the test suite: the certified `oidc-provider` package
// (panva) on loopback, with test persons carrying Swedish OIDC profile claims.
//
//   node server.mjs CONFIG.json
//
// CONFIG (written by tests/support/oidc_provider/node.py): {"port", "clients", "levels",
// "renames": {client_id: {claim: new_name}}}. Besides the provider's own endpoints it serves
//   GET/POST /interaction/:uid   a login page a test drives by form post (person, loa, action)
//   POST     /__test__/tamper    {"mode": ...}: rewrite the next ID token the token endpoint
//                                 issues, so the relying party's own validation has to refuse it.
// It prints "listening <issuer>" once it accepts connections.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const persons = JSON.parse(fs.readFileSync(new URL('./persons.json', import.meta.url), 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;

const OIDC_SE = 'https://id.oidc.se/';
const PNR = `${OIDC_SE}claim/personalIdentityNumber`;
const PERSON_INFO = ['given_name', 'family_name', 'birthdate', 'name'];
const SCOPES = {
  profile: [...PERSON_INFO, 'ssn'],
  [`${OIDC_SE}scope/naturalPersonInfo`]: PERSON_INFO,
  [`${OIDC_SE}scope/naturalPersonNumber`]: [PNR, `${OIDC_SE}claim/coordinationNumber`],
  [`${OIDC_SE}scope/naturalPersonOrgId`]: ['name', ...['orgNumber', 'orgName', 'orgAffiliation'].map((c) => `${OIDC_SE}claim/${c}`)],
  groups: ['groups'], // what a staff directory sends its group names in
};

function signingKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const { d, p, q, dp, dq, qi, ...publicJwk } = jwk;
  return { kid, privateKey, jwk, publicJwk };
}

const key = signingKey('op-key-1');
const tampering = { next: null, published: [] };

// Each mode breaks one thing and re-signs, so exactly that check has to catch it.
const TAMPER = {
  aud: (p) => { p.aud = 'another-client'; },
  iss: (p) => { p.iss = 'http://127.0.0.1:9/another-issuer'; },
  nonce: (p) => { p.nonce = 'a-nonce-from-another-login'; },
  expired: (p, now) => { p.iat = now - 900; p.exp = now - 600; },
  future: (p, now) => { p.iat = now + 900; p.exp = now + 1800; },
  stale: (p, now) => { p.iat = now - 3600; p.exp = now + 3600; },
  no_acr: (p) => { delete p.acr; },
  old_auth_time: (p, now) => { p.auth_time = now - 3600; },
  signature: () => signingKey(key.kid), // same kid, other key material: the signature cannot verify
  rotated: () => { const k = signingKey(`op-key-${tampering.published.length + 2}`); tampering.published.push(k); return k; },
};

function b64json(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function tamper(idToken, mode) {
  const [h, p] = idToken.split('.');
  const header = b64json(h);
  const payload = b64json(p);
  const signer = TAMPER[mode](payload, Math.floor(Date.now() / 1000)) || key;
  header.kid = signer.kid;
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), signer.privateKey).toString('base64url')}`;
}

function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(title)}</title>`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"></head>`
    + `<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function account(id, ctx) {
  const person = persons[id];
  if (!person) return undefined;
  const renames = config.renames?.[ctx.oidc.client?.clientId] || {};
  const claims = { sub: id, name: `${person.given_name} ${person.family_name}` };
  for (const [claim, value] of Object.entries(person)) claims[renames[claim] || claim] = value;
  return { accountId: id, claims: async () => claims };
}

async function grantFor(ctx, accountId) {
  // Every client here is first party: grant what it asks for, no consent page.
  const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
  grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [key.jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', ...Object.keys(SCOPES)],
  claims: { acr: null, auth_time: null, sid: null, openid: ['sub'], ...SCOPES },
  acrValues: config.levels,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Logga ut', `${form}<button form="op.logoutForm" name="logout" value="yes">Logga ut</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Utloggad', '<p>Du är utloggad.</p>'); },
    },
  },
  findAccount: async (ctx, id) => account(id, ctx),
  loadExistingGrant: async (ctx) => grantFor(ctx, ctx.oidc.session.accountId),
  interactions: { url: async (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Fel', `<pre id="error">${esc(JSON.stringify(out))}</pre>`);
  },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && tampering.next) {
    const mode = tampering.next;
    tampering.next = null;
    ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token, mode) };
  } else if (ctx.path === '/jwks' && ctx.status === 200 && tampering.published.length) {
    ctx.body = { keys: [...ctx.body.keys, ...tampering.published.map((k) => k.publicJwk)] };
  }
});

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function requestedLevel(params) {
  const fromClaims = JSON.parse(params.claims || '{}').id_token?.acr?.values || [];
  return (params.acr_values || '').split(' ').filter(Boolean)[0] || fromClaims[0] || config.levels[0];
}

function loginPage({ uid, prompt, params }) {
  const wanted = requestedLevel(params);
  const option = (value, label, selected) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const people = Object.entries(persons).map(([id, p]) => option(id, `${p.given_name} ${p.family_name}`, false));
  const levels = config.levels.map((uri) => option(uri, uri, uri === wanted));
  // The request as the provider understood it, for tests to read back.
  const request = JSON.stringify({ prompt: prompt.name, reasons: prompt.reasons, params }).replace(/</g, '\\u003c');
  return page('Testinloggning', `<form method="post" action="/interaction/${esc(uid)}">`
    + `<label for="person">Person</label><select id="person" name="person">${people.join('')}</select>`
    + `<label for="loa">Tillitsnivå</label><select id="loa" name="loa">${levels.join('')}</select>`
    + '<button name="action" value="login">Logga in</button><button name="action" value="cancel">Avbryt</button>'
    + `</form><script type="application/json" id="request">${request}</script>`);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(details));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  let result;
  if (form.get('action') === 'cancel') {
    result = { error: 'access_denied', error_description: 'The person cancelled the login.' };
  } else if (!persons[form.get('person')] || !config.levels.includes(form.get('loa'))) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('choose a known person and level');
    return;
  } else {
    result = { login: { accountId: form.get('person'), acr: form.get('loa'), amr: ['test'] } };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function control(req, res) {
  const { mode } = JSON.parse(await readBody(req) || '{}');
  if (mode !== null && !(mode in TAMPER)) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`unknown mode; one of ${Object.keys(TAMPER).join(', ')}`);
    return;
  }
  tampering.next = mode;
  res.writeHead(204);
  res.end();
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const path = new URL(req.url, issuer).pathname;
  let handled;
  if (path.startsWith('/interaction/')) handled = interaction(req, res);
  else if (path === '/__test__/tamper' && req.method === 'POST') handled = control(req, res);
  else return callback(req, res);
  handled.catch((err) => {
    console.error(err);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`${err.name}: ${err.message}`);
  });
  return undefined;
});

server.listen(config.port, '127.0.0.1', () => console.log(`listening ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
