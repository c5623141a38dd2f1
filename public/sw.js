// Service worker: precaches the app shell (index.html, the CSS it names, the manifest)
// and every file of this build's WASM and JS (the main module and the modules of the
// pages fetched on first visit), so that an offline reload still shows the app, which then
// shows its offline notice, and any page opens offline; and keeps the last copy of what
// the reading pages show (the circle's first page, topics, earnings), which it answers
// with when the network fails, marked with when it was fetched (`x-circle-fetched-at`,
// milliseconds). Every other API call goes to the network only.
const SHELL = 'circle-shell-v2';
const DATA = 'circle-data-v1';
// This build's files under /app/<hash>/: `cargo xtask build` writes the list, so a new
// build is a new service worker.
const APP_FILES = [];
const APP = 'circle-app-' + (APP_FILES.length ? APP_FILES[0].split('/')[2] : 'none');
// The reads kept for offline reading (path and query as the app asks them).
const KEPT = /^\/api\/v1\/(me|feed|questions\/waiting|products\/\d+\/topic|earnings(\/commissions|\/shares)?|withdrawals)$/;
// How many kept reads at most (topics add up); the oldest go first.
const KEPT_MAX = 60;

async function precacheShell() {
  const cache = await caches.open(SHELL);
  // Without cookies: the plain shell, not the circle the server renders for someone.
  const response = await fetch('/', { cache: 'no-cache', credentials: 'omit' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put('/', response);
  const assets = new Set(['/manifest.webmanifest', '/icons/icon-192.png']);
  for (const m of html.matchAll(/href\s*=\s*["'](\/[^"']+\.css)["']/g)) assets.add(m[1]);
  await cache.addAll([...assets]);
  await (await caches.open(APP)).addAll(APP_FILES);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== SHELL && key !== DATA && key !== APP) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

/** The kept copy of `key`, or null. */
async function kept(key) {
  return (await (await caches.open(DATA)).match(key)) || null;
}

/** Keeps a copy of a successful read, marked with when it was fetched. */
async function keep(key, response) {
  let data = await caches.open(DATA);
  if (key === '/api/v1/me') {
    // Someone else logged in on this phone: what was kept is theirs.
    const was = await (await data.match(key))?.json();
    const now = await response.clone().json();
    if (was && was.id !== now.id) {
      await forget();
      data = await caches.open(DATA);
    }
  }
  const headers = new Headers(response.headers);
  headers.set('x-circle-fetched-at', String(Date.now()));
  // Deleted first, so that the newest copy is last in the cache's order.
  await data.delete(key);
  await data.put(key, new Response(await response.blob(), { status: 200, headers }));
  const keys = await data.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - KEPT_MAX))) await data.delete(old);
}

async function forget() {
  await caches.delete(DATA);
}

/** Keeps the reads a page the server rendered carries (`#circle-first`: API path → its
 *  answer) as if the app had fetched them, for reading offline. */
async function keepEmbedded(response) {
  const found = /<script type="application\/json" id="circle-first">([^<]*)<\/script>/
    .exec(await response.text());
  let data;
  try { data = JSON.parse(found[1]); } catch (_) { return; }
  // Who is logged in first: another person's kept reads go before these are kept.
  const paths = Object.keys(data).sort((a, b) => (b === '/api/v1/me') - (a === '/api/v1/me'));
  for (const path of paths) {
    if (!KEPT.test(path) || data[path] === null) continue;
    const body = JSON.stringify(data[path]);
    await keep(path, new Response(body, { headers: { 'content-type': 'application/json' } }));
  }
}

/** A read of the reading pages: the network, else the copy kept from the last time. */
async function read(event, key) {
  try {
    const response = await fetch(event.request);
    if (response.ok) event.waitUntil(keep(key, response.clone()));
    else if (response.status === 401) event.waitUntil(forget());
    return response;
  } catch (err) {
    return (await kept(key)) || Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname.startsWith('/api/v1/auth/')) {
    // Logging in or out: the kept reads belonged to whoever was here.
    event.waitUntil(forget());
    return;
  }
  if (request.method === 'GET' && url.origin === self.location.origin &&
      KEPT.test(url.pathname) && url.search === '') {
    event.respondWith(read(event, url.pathname));
    return;
  }
  // The API, and WeChat login's redirects and pages (/auth/…), always go to the network.
  if (request.method !== 'GET' || url.origin !== self.location.origin ||
      url.pathname.startsWith('/api/') || url.pathname.startsWith('/auth/')) {
    return;
  }
  if (request.mode === 'navigate') {
    // Network first, so a new deploy is picked up at once; the cached shell when offline.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        // A page the server rendered (a share, a question, a topic, someone's circle)
        // carries its own markup and data: never the shell, but its reads are kept.
        if (response.ok && response.headers.has('x-circle-rendered')) {
          event.waitUntil(keepEmbedded(response.clone()));
        } else if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
          const cache = await caches.open(SHELL);
          await cache.put('/', response.clone());
        }
        return response;
      } catch (_) {
        return (await caches.match('/')) || Response.error();
      }
    })());
    return;
  }
  // Built files never change: cache first, then network (and keep a copy of Trunk's
  // hashed CSS; this build's /app/ files are all precached, an older build's are not kept).
  event.respondWith((async () => {
    const cached = await caches.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok && /-[0-9a-f]{16}\.css$/.test(url.pathname)) {
      const cache = await caches.open(SHELL);
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
