// Service worker: precaches the app shell (index.html and the hashed JS, WASM and CSS it
// names) so that an offline reload still shows the app, which then shows its offline
// notice. API calls always go to the network.
const SHELL = 'circle-shell-v2';

async function precacheShell() {
  const cache = await caches.open(SHELL);
  const response = await fetch('/', { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put('/', response);
  const assets = new Set(['/manifest.webmanifest', '/icons/icon-192.png']);
  for (const m of html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*["'](\/[^"']+\.(?:js|wasm|css))["']/g)) {
    assets.add(m[1]);
  }
  await cache.addAll([...assets]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
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
        // A share page (/s/…) or a question page (/q/…) carries its own markup: never
        // keep it as the shell.
        if (response.ok && !url.pathname.startsWith('/s/') && !url.pathname.startsWith('/q/') &&
            response.headers.get('content-type')?.includes('text/html')) {
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
  // Hashed assets never change: cache first, then network (and keep a copy).
  event.respondWith((async () => {
    const cached = await caches.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok && /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(url.pathname)) {
      const cache = await caches.open(SHELL);
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
