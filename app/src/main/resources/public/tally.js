// Tally's page-view script: no cookies, no storage. <script defer src="https://tally.example.com/tally.js"></script>
(function () {
  var s = document.currentScript, base = s ? new URL(s.src).origin : '', last;
  if (navigator.webdriver) return;
  function send() {
    var l = location, p = l.pathname;
    if (p === last) return;
    var q = new URLSearchParams(l.search), r = last === undefined ? document.referrer : '', d = {
      site: l.hostname, path: p, title: document.title.slice(0, 200),
      referrer: r && new URL(r).hostname !== l.hostname ? r.split('?')[0] : '',
      resolution: screen.width + ',' + screen.height, utm_source: q.get('utm_source') || ''
    }, u = new URLSearchParams();
    last = p;
    for (var k in d) if (d[k]) u.set(k, d[k]);
    // n makes each view's address new: a page reuses an image it already has for an address it loaded before.
    u.set('n', Date.now().toString(36));
    new Image().src = base + '/pixel.gif?' + u;
  }
  var push = history.pushState;
  history.pushState = function () { push.apply(this, arguments); setTimeout(send); };
  addEventListener('popstate', send);
  send();
})();
