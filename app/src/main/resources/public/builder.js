// The badge builder: turns the form into a live preview and copyable snippets. No framework, no other hosts.
'use strict';

(() => {
    const $ = (id) => document.getElementById(id);
    const SHIELDS = 'https://img.shields.io/endpoint?url=';
    const PREVIEW_DELAY_MS = 250;

    const SNIPPETS = ['markdown', 'html', 'fetch', 'live', 'shields'];
    // Browsers send another site only the origin by default; this keeps the page's path in the Referer.
    const REFERRER_POLICY = 'no-referrer-when-downgrade';

    let origin = location.origin;
    let previewTimer = 0;
    // What the server said is wrong with the form (null while it is valid or not yet checked).
    let invalid = null;
    // True from a change until the server has judged it: the snippets show the change, but none can be copied yet.
    let checking = false;
    let checks = 0;

    // Hex colours go without their '#', so snippets stay readable; the server takes either form.
    function colour(value) {
        const v = value.trim();
        return /^#[0-9a-f]{3,8}$/i.test(v) ? v.slice(1) : v;
    }

    function readOptions() {
        const form = $('options');
        return {
            url: $('url').value.trim(),
            mode: form.elements.mode.value === 'nocount' ? 'nocount' : 'count',
            label: $('label').value.trim(),
            style: $('style').value,
            color: colour($('color').value),
            labelColor: colour($('labelColor').value),
            view: $('view').value,
            abbreviated: $('abbreviated').checked,
        };
    }

    // Each value is percent-encoded exactly once; defaults are left out to keep snippets short. encodeURIComponent
    // leaves ( ) ! ' * as they are, and Markdown ends a link's address at the first unmatched ')': encode those too.
    function query(pairs) {
        return pairs
            .filter(([, value]) => value !== '' && value !== undefined)
            .map(([name, value]) => name + '=' + encodeURIComponent(value)
                .replace(/[()!'*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))
            .join('&');
    }

    function badgeQuery(o) {
        return query([
            ['url', o.url],
            ['label', o.label],
            ['style', o.style === 'flat' ? '' : o.style],
            ['color', o.color],
            ['labelColor', o.labelColor],
            ['view', o.view === 'total' ? '' : o.view],
            ['abbreviated', o.abbreviated ? 'true' : ''],
        ]);
    }

    function escapeHtml(text) {
        return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }

    // A URL inside a single-quoted script string in an HTML page: quotes, backslashes and '<' escaped.
    function scriptString(text) {
        return `'${text.replace(/[\\']/g, '\\$&').replace(/</g, '\\x3c')}'`;
    }

    function snippets(o) {
        const alt = o.label || 'hits';
        const urlQuery = query([['url', o.url]]);
        const badge = `${origin}/${o.mode}/tag.svg?${badgeQuery(o)}`;
        const number = `${origin}/${o.mode}?${urlQuery}`;
        const endpoint = `${origin}/${o.mode}/shields.json?${badgeQuery(o)}`;
        const live = [
            `<span id="hits-live"></span>`,
            `<script>`,
            `new EventSource(${scriptString(`${origin}/live?${urlQuery}`)}).onmessage = (event) => {`,
            `    document.getElementById('hits-live').textContent = event.data;`,
            `};`,
        ];
        if (o.mode === 'count') {
            // The stream shows the count this visit makes as soon as it is committed.
            live.push(`fetch(${scriptString(`${origin}/count?${urlQuery}`)}, { credentials: 'include' });`);
        }
        live.push(`</script>`);
        return {
            // Markdown would read * _ ` ! & < > in the alt text as markup or entities: escape them as text.
            markdown: `![${alt.replace(/[\[\]\\*_`!&<>]/g, '\\$&')}](${badge})`,
            html: `<img src="${escapeHtml(badge)}" alt="${escapeHtml(alt)}" referrerpolicy="${REFERRER_POLICY}">`,
            fetch: [
                `<span id="hits"></span>`,
                `<script>`,
                `fetch(${scriptString(number)}, { credentials: 'include' })`,
                `    .then((response) => response.text())`,
                `    .then((count) => { document.getElementById('hits').textContent = count; });`,
                `</script>`,
            ].join('\n'),
            live: live.join('\n'),
            shields: SHIELDS + encodeURIComponent(endpoint),
        };
    }

    // While the form is empty or the server refuses it, every snippet says why and nothing can be copied.
    function renderSnippets(o) {
        const problem = o.url === '' ? 'Type the address of a page first.' : invalid;
        const texts = problem === null ? snippets(o) : {};
        let changed = false;
        for (const name of SNIPPETS) {
            const text = problem === null ? texts[name] : problem;
            if ($(name).textContent !== text) {
                $(name).textContent = text;
                changed = true;
            }
            $(name).classList.toggle('error', problem !== null && o.url !== '');
        }
        if (changed) {
            say('copy-status', '', false);
        }
        document.querySelectorAll('.snippets button.copy').forEach((button) => { button.disabled = problem !== null || checking; });
    }

    // Asks the server whether it takes these options, with the words it would answer a badge with.
    async function check(o) {
        const ticket = ++checks;
        let verdict = null;
        try {
            const response = await fetch(`nocount/shields.json?${badgeQuery(o)}`, { headers: { Accept: 'application/json' } });
            if (response.status === 400) {
                verdict = await problem(response);
            }
        } catch (unreachable) {
            verdict = null; // the preview says the server is not answering; the snippets stay usable
        }
        if (ticket !== checks) {
            return; // the form changed meanwhile: a newer check decides
        }
        checking = false;
        invalid = verdict;
        renderSnippets(readOptions());
        if (invalid !== null) {
            say('preview-status', invalid, true);
        }
    }

    function renderPreview(o) {
        const img = $('preview');
        if (o.url === '') {
            img.hidden = true;
            img.removeAttribute('src');
            say('preview-status', 'Type the address of a page to see its badge.', false);
            return;
        }
        img.hidden = false;
        img.alt = `Badge preview for ${o.url}`;
        img.src = `nocount/tag.svg?${badgeQuery(o)}`;
        check(o);
    }

    function say(id, text, isError) {
        const element = $(id);
        element.textContent = text;
        element.classList.toggle('error', Boolean(isError));
    }

    function update(immediate) {
        const o = readOptions();
        checking = o.url !== '';
        renderSnippets(o);
        clearTimeout(previewTimer);
        if (immediate) {
            renderPreview(o);
        } else {
            previewTimer = setTimeout(() => renderPreview(o), PREVIEW_DELAY_MS);
        }
    }

    function selectText(element) {
        const range = document.createRange();
        range.selectNodeContents(element);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    async function copy(button) {
        const code = $(button.dataset.copy);
        const name = button.getAttribute('aria-describedby');
        const what = $(name).textContent;
        const status = button.dataset.status || 'copy-status';
        try {
            if (!window.isSecureContext || !navigator.clipboard) {
                throw new Error('The clipboard API needs HTTPS');
            }
            await navigator.clipboard.writeText(code.textContent);
            say(status, `${what} snippet copied.`, false);
            flash(button);
        } catch (clipboardUnavailable) {
            // Plain HTTP or a refused permission: select the text so Ctrl+C works, and try the older copy command.
            selectText(code);
            let copied = false;
            try {
                copied = document.execCommand('copy');
            } catch (ignored) {
                copied = false;
            }
            say(status, copied
                ? `${what} snippet copied.`
                : `${what} snippet selected: press Ctrl+C (⌘C on a Mac) to copy it.`, false);
        }
    }

    function flash(button) {
        button.textContent = 'Copied';
        button.classList.add('done');
        setTimeout(() => {
            button.textContent = 'Copy';
            button.classList.remove('done');
        }, 2000);
    }

    async function lookUp(event) {
        event.preventDefault();
        const url = $('lookup-url').value.trim();
        if (url === '') {
            say('lookup-result', 'Type an address to look up.', true);
            return;
        }
        say('lookup-result', 'Looking up…', false);
        $('lookup-note').hidden = true;
        delete $('lookup-result').dataset.live;
        let response;
        try {
            response = await fetch(`nocount.json?${query([['url', url]])}`, { headers: { Accept: 'application/json' } });
        } catch (unreachable) {
            say('lookup-result', 'The Tally server is not answering. Check that it is running, then try again.', true);
            return;
        }
        if (!response.ok) {
            say('lookup-result', await problem(response), true);
            return;
        }
        const result = await response.json();
        showCount(result);
        follow(url, result);
    }

    // Keeps the looked-up count live: /live streams the counter's value on every change.
    let stream = null;

    function follow(url, result) {
        if (stream) {
            stream.close();
        }
        if (typeof EventSource !== 'function') {
            return;
        }
        stream = new EventSource(`live?${query([['url', url]])}`);
        stream.addEventListener('message', (event) => {
            const count = Number(event.data);
            if (Number.isFinite(count) && count !== result.count) {
                result.count = count;
                showCount(result);
            }
            $('lookup-result').dataset.live = 'true';
        });
    }

    // Errors come as {"error": "..."} from JSON routes, or as one line of text.
    async function problem(response) {
        const body = (await response.text()).trim();
        try {
            const parsed = JSON.parse(body);
            if (parsed && typeof parsed.error === 'string') {
                return parsed.error;
            }
        } catch (notJson) {
            // plain text: shown as it is
        }
        return body || `The server answered ${response.status}.`;
    }

    function showCount(result) {
        const out = $('lookup-result');
        out.classList.remove('error');
        out.replaceChildren();
        const count = document.createElement('strong');
        count.id = 'lookup-count';
        count.className = 'count';
        count.textContent = Number(result.count).toLocaleString('en');
        const key = document.createElement('code');
        key.textContent = result.url;
        out.append(count, result.count === 1 ? ' hit for ' : ' hits for ', key);
        perSite(result);
    }

    // A key with no path is a whole site: where badges land whose browser sent only the site's origin.
    function perSite(result) {
        const note = $('lookup-note');
        const site = result.keyFrom === 'referer-origin' || !String(result.url).includes('/');
        note.hidden = !site;
        note.textContent = site
            ? `This counter may be per site, not per page: a badge without ?url= on any page of ${result.url} `
                + 'lands here when the browser sends only the site\'s address. Give each badge its ?url=, '
                + `or keep referrerpolicy="${REFERRER_POLICY}" on the <img>, to count each page apart.`
            : '';
    }

    // The analytics snippet: tally.js, and the pixel for readers without JavaScript. It does not depend on the form.
    function renderAnalytics() {
        $('analytics').textContent = `<script defer src="${escapeHtml(origin)}/tally.js"></script>\n`
            + `<noscript><img src="${escapeHtml(origin)}/pixel.gif?path=/this/page&title=This%20page" alt=""></noscript>`;
    }

    async function loadOrigin() {
        try {
            const response = await fetch('config.json', { headers: { Accept: 'application/json' } });
            if (!response.ok) {
                return;
            }
            const config = await response.json();
            if (typeof config.origin === 'string' && /^https?:\/\/[^/]+/.test(config.origin)) {
                origin = config.origin.replace(/\/+$/, '');
                renderSnippets(readOptions());
                renderAnalytics();
            }
        } catch (unreachable) {
            const notice = $('server-status');
            notice.textContent = 'The Tally server is not answering, so the preview and look-up cannot work right now. '
                + 'The snippets use this page’s address.';
            notice.hidden = false;
        }
    }

    function start() {
        const form = $('options');
        form.addEventListener('input', (event) => update(event.target.type !== 'text'));
        form.addEventListener('change', () => update(true));
        form.addEventListener('submit', (event) => event.preventDefault());
        document.querySelectorAll('button.copy').forEach((button) => {
            button.addEventListener('click', () => copy(button));
        });
        $('lookup-form').addEventListener('submit', lookUp);
        const img = $('preview');
        img.addEventListener('load', () => {
            img.classList.remove('broken');
            if (invalid === null) {
                say('preview-status', 'Previewing never counts a hit.', false);
            } else {
                say('preview-status', invalid, true);
            }
        });
        img.addEventListener('error', () => {
            if (!img.getAttribute('src')) {
                return;
            }
            img.classList.add('broken');
            say('preview-status', 'The preview could not be loaded: the Tally server is not answering.', true);
        });
        update(true);
        renderAnalytics();
        loadOrigin();
        keepFocusInSight();
    }

    // On a phone the preview sticks to the top of the screen: a control that takes the focus (Shift+Tab goes up)
    // must scroll into view below it, not under it.
    function keepFocusInSight() {
        const preview = document.querySelector('.preview');
        if (!preview || typeof ResizeObserver !== 'function') {
            return;
        }
        new ResizeObserver(() => {
            const sticky = getComputedStyle(preview).position === 'sticky';
            document.documentElement.style.scrollPaddingTop = sticky ? `${preview.offsetHeight + 8}px` : '';
        }).observe(preview);
    }

    start();
})();
