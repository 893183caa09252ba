// The analytics dashboard: reads /api/sites and /api/analytics and keeps its view (site, range, filter) in the
// page's URL, so any view can be bookmarked. The chart is uPlot, served from its WebJar. No other hosts.
'use strict';

(() => {
    const $ = (id) => document.getElementById(id);
    const HOUR = 3600;
    const DAY = 86400;
    const FILTERS = ['page', 'referrer', 'country', 'browser'];
    // [key in report.top, heading, the filter a click sets (or none)]
    const LISTS = [
        ['pages', 'Pages', 'page'],
        ['referrers', 'Referrers', 'referrer'],
        ['countries', 'Countries', 'country'],
        ['browsers', 'Browsers', 'browser'],
        ['os', 'Operating systems', null],
        ['devices', 'Devices', null],
        ['resolutions', 'Screen sizes', null],
    ];
    const LIMIT = 10;
    // Views a list does not show: none had a value (no referrer, no country known, DNT), or, when the list is
    // full, other values too. Without the row a share such as "Hacker News 16%" reads as the top source.
    const NONE = { referrers: 'Direct or none', countries: 'Unknown' };
    const FILTER_NAMES = { page: 'page', referrer: 'referrer', country: 'country', browser: 'browser' };
    const PRESETS = ['today', '24h', '7d', '30d', '12mo'];
    const numbers = new Intl.NumberFormat('en');
    const regions = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
    const dark = window.matchMedia('(prefers-color-scheme: dark)');

    let sites = null;
    let plot = null;
    let shown = null;
    let loads = 0;

    const now = () => Math.floor(Date.now() / 1000);
    const nextHour = () => Math.ceil((now() + 1) / HOUR) * HOUR;

    function localMidnight(seconds) {
        const d = new Date(seconds * 1000);
        d.setHours(0, 0, 0, 0);
        return Math.floor(d.getTime() / 1000);
    }

    function whole(text) {
        return text !== null && /^\d{1,12}$/.test(text) ? Number(text) : null;
    }

    // The view as the URL says: ?site=&start=&end= (UNIX seconds) and at most one of page, referrer, country, browser.
    function view() {
        const p = new URLSearchParams(location.search);
        const v = { site: p.get('site') || '', start: whole(p.get('start')), end: whole(p.get('end')), filter: null };
        for (const name of FILTERS) {
            if (p.has(name)) {
                v.filter = [name, p.get(name)];
                break;
            }
        }
        return v;
    }

    function query(v) {
        const p = new URLSearchParams();
        if (v.site) {
            p.set('site', v.site);
        }
        if (v.start !== null) {
            p.set('start', String(v.start));
        }
        if (v.end !== null) {
            p.set('end', String(v.end));
        }
        if (v.filter) {
            p.set(v.filter[0], v.filter[1]);
        }
        return p.toString();
    }

    // The preset chosen rides in the history entry: in a day's last hour "Today" and "24 h" are the same range,
    // and the button pressed should be the one the reader chose, also after Back.
    function go(change, preset) {
        const v = Object.assign(view(), change);
        const chosen = preset || (history.state && history.state.preset);
        history.pushState(chosen ? { preset: chosen } : null, '', '/analytics?' + query(v));
        load();
    }

    // Presets end at the next full hour, so the current hour is in, and a bookmark names fixed times.
    function presetRange(name) {
        const end = nextHour();
        switch (name) {
            case 'today': return [localMidnight(now()), end];
            case '24h': return [end - DAY, end];
            case '7d': return [end - 7 * DAY, end];
            case '30d': return [end - 30 * DAY, end];
            default: return [end - 365 * DAY, end];
        }
    }

    function activePreset(v) {
        if (v.start === null && v.end === null) {
            return '30d';
        }
        const matches = (name) => {
            const [start, end] = presetRange(name);
            return start === v.start && end === v.end;
        };
        const chosen = history.state && history.state.preset;
        if (PRESETS.includes(chosen) && matches(chosen)) {
            return chosen;
        }
        return PRESETS.find(matches) || 'custom';
    }

    class SignIn extends Error {}

    // Errors come as {"error": "..."} from the API, or as one line of text.
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

    async function api(path) {
        let response;
        try {
            response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        } catch (unreachable) {
            throw new Error('The Tally server is not answering. Try again in a moment.');
        }
        if (response.status === 401) {
            throw new SignIn();
        }
        if (!response.ok) {
            throw new Error(await problem(response));
        }
        return response.json();
    }

    function notice(text) {
        $('status').textContent = text || '';
        $('status').hidden = !text;
    }

    function showOnly(id) {
        for (const section of ['signin', 'nosites', 'dashboard']) {
            $(section).hidden = section !== id;
        }
        $('logout').hidden = id === 'signin';
    }

    async function load() {
        const mine = ++loads;
        const v = view();
        const main = $('main');
        main.setAttribute('aria-busy', 'true');
        try {
            if (sites === null) {
                sites = (await api('/api/sites')).sites;
            }
            if (!v.site) {
                if (sites.length === 0) {
                    showNoSites();
                    return;
                }
                v.site = sites[0].site;
                history.replaceState(history.state, '', '/analytics?' + query(v));
            }
            showToolbar(v);
            // An address without a range shows 30 d, the preset pressed for it, as that button would choose it, and
            // says so: the range lives in the address, so that what is shown can be bookmarked or shared as it is.
            if (v.start === null && v.end === null) {
                [v.start, v.end] = presetRange('30d');
                history.replaceState({ preset: '30d' }, '', '/analytics?' + query(v));
            }
            const report = await api(`/api/analytics?limit=${LIMIT}&` + query(v));
            if (mine === loads) {
                notice('');
                render(v, report);
            }
        } catch (e) {
            if (mine !== loads) {
                return;
            }
            if (e instanceof SignIn) {
                showSignIn();
            } else {
                // The toolbar already names the view asked for: the last one's numbers must not stand under it.
                shown = null;
                $('report').hidden = true;
                notice(e.message);
            }
        } finally {
            if (mine === loads) {
                main.removeAttribute('aria-busy');
            }
        }
    }

    function showSignIn() {
        sites = null;
        notice('');
        $('title').textContent = 'Analytics';
        showOnly('signin');
        $('token').focus();
    }

    function showNoSites() {
        showOnly('nosites');
        $('title').textContent = 'Analytics';
        $('nosites-snippet').textContent = `<script defer src="${location.origin}/tally.js"></script>`;
    }

    function showToolbar(v) {
        showOnly('dashboard');
        $('title').textContent = v.site;
        document.title = `${v.site} · Tally analytics`;
        const select = $('site');
        const names = sites.map((s) => s.site);
        if (!names.includes(v.site)) {
            names.unshift(v.site);
        }
        if (select.options.length !== names.length || [...select.options].some((o, i) => o.value !== names[i])) {
            select.replaceChildren(...names.map((name) => new Option(name, name)));
        }
        select.value = v.site;
        // While the custom form is open, Custom is the choice being made; else the range shown decides.
        const open = !$('custom').hidden;
        const preset = open ? 'custom' : activePreset(v);
        document.querySelectorAll('#presets button').forEach((b) => {
            b.setAttribute('aria-pressed', String(b.dataset.range === preset));
        });
        document.querySelector('#presets [data-range="custom"]').setAttribute('aria-expanded', String(open));
    }

    function when(seconds, withTime) {
        const options = withTime
            ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }
            : { day: 'numeric', month: 'short', year: 'numeric' };
        return new Date(seconds * 1000).toLocaleString('en-GB', options);
    }

    function render(v, report) {
        shown = { v, report };
        $('report').hidden = false;
        const hourly = report.granularity === 'hour';
        $('range-text').textContent = `${when(report.start, true)} – ${when(report.end, true)} · `
            + (hourly ? 'by hour' : 'by day (UTC)');
        const filter = report.filter ? Object.entries(report.filter)[0] : null;
        $('filter').hidden = !filter;
        if (filter) {
            $('filter-text').textContent = `Only views of ${FILTER_NAMES[filter[0]] || filter[0]} ${display(filter[0], filter[1])}`;
        }
        total('total-views', report.totals.views);
        total('total-uniques', report.totals.uniques);
        total('total-bots', report.totals.bots, 'Bots have no page, referrer, country or browser: see them without a filter');
        const csv = new URLSearchParams(query(v));
        csv.set('format', 'csv');
        $('csv').href = '/api/analytics?' + csv.toString();
        drawChart(report);
        renderLists(v, report);
    }

    function total(id, value, unknown) {
        const cell = $(id);
        cell.textContent = value === null || value === undefined ? '—' : numbers.format(value);
        cell.title = value === null || value === undefined ? unknown : '';
    }

    function colour(name) {
        return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    }

    const INCREMENTS = [];
    for (let e = 0; e < 13; e++) {
        INCREMENTS.push(10 ** e, 2 * 10 ** e, 5 * 10 ** e);
    }

    // The chart's times are written as the range above it is (en-GB: "2 Dec", "09:00"), daily ones in UTC, and
    // its ticks fall on whole hours or days: uPlot's own "11/2" reads as 11 February to half the world.
    const HOURS = [3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400];
    const DAYS = [86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400, 91 * 86_400, 182 * 86_400];

    function timeAxis(hourly) {
        const day = new Intl.DateTimeFormat('en-GB', hourly ? { day: 'numeric', month: 'short' }
            : { day: 'numeric', month: 'short', timeZone: 'UTC' });
        const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
        return {
            incrs: hourly ? HOURS : DAYS,
            values: (u, ticks) => ticks.map((t, i) => {
                const d = new Date(t * 1000);
                if (!hourly) {
                    return day.format(d);
                }
                return i === 0 || d.getHours() === 0 ? `${hour.format(d)}\n${day.format(d)}` : hour.format(d);
            }),
        };
    }

    function pointTime(seconds, hourly) {
        return hourly ? when(seconds, true)
            : new Date(seconds * 1000).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    }

    function compact(n) {
        return n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${+(n / 1e3).toFixed(1)}k` : numbers.format(n);
    }

    function drawChart(report) {
        const holder = $('chart');
        const points = report.series;
        const data = [points.map((p) => p.t), points.map((p) => p.views), points.map((p) => p.uniques)];
        const hourly = report.granularity === 'hour';
        const series = [{ value: (u, t) => (t === null ? '–' : pointTime(t, hourly)) }, {
            label: 'Views', stroke: colour('--series-views'), fill: colour('--bar'), width: 2,
            points: { show: points.length <= 48 }, value: (u, n) => (n === null ? '–' : numbers.format(n)),
        }, {
            label: 'Unique visitors', stroke: colour('--series-uniques'), width: 2, dash: [6, 4],
            points: { show: points.length <= 48 }, value: (u, n) => (n === null ? '–' : numbers.format(n)),
        }];
        const axis = {
            stroke: colour('--muted'),
            grid: { stroke: colour('--border'), width: 1 },
            ticks: { stroke: colour('--border'), width: 1 },
        };
        const options = {
            width: Math.max(200, holder.clientWidth),
            height: holder.clientWidth < 500 ? 220 : 280,
            series,
            scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
            axes: [Object.assign({}, axis, timeAxis(hourly)),
                Object.assign({}, axis, { incrs: INCREMENTS, values: (u, ticks) => ticks.map(compact), size: 56 })],
            cursor: { drag: { x: false, y: false } },
        };
        if (report.granularity === 'day' && typeof uPlot.tzDate === 'function') {
            // Daily buckets are UTC days: label them as such, wherever the reader is.
            options.tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
        }
        if (plot) {
            plot.destroy();
        }
        holder.replaceChildren();
        plot = new uPlot(options, data, holder);
        const peak = Math.max(0, ...data[1]);
        holder.setAttribute('aria-label', `Views ${report.granularity === 'hour' ? 'per hour' : 'per day'}: `
            + `${numbers.format(report.totals.views)} in all, at most ${numbers.format(peak)} in one ${report.granularity}`);
    }

    function display(kind, value) {
        if (value === '') {
            return '(none)';
        }
        if ((kind === 'countries' || kind === 'country') && regions && /^[A-Z]{2}$/.test(value)) {
            try {
                return `${regions.of(value)} (${value})`;
            } catch (unknownCode) {
                return value;
            }
        }
        return value;
    }

    function renderLists(v, report) {
        const holder = $('lists');
        const all = report.totals.views;
        holder.replaceChildren(...LISTS.map(([key, heading, filter]) => {
            const card = document.createElement('section');
            card.className = 'card list';
            card.id = `list-${key}`;
            card.setAttribute('aria-labelledby', `list-${key}-title`);
            const h = document.createElement('h2');
            h.id = `list-${key}-title`;
            const note = document.createElement('span');
            note.textContent = filter ? 'views · share · click to filter' : 'views · share';
            h.append(heading, note);
            card.append(h);
            const items = report.top[key];
            if (items.length === 0) {
                card.append(empty(report.note && key === 'pages' ? 'Nothing recorded for this site yet: its pages send views with tally.js or the pixel.' : 'No views in this range.'));
            } else {
                const list = document.createElement('ol');
                list.append(...items.map((item) => listItem(v, key, filter, item, all)));
                const rest = all - items.reduce((sum, item) => sum + item.views, 0);
                if (rest > 0) {
                    const label = items.length < LIMIT ? (NONE[key] || '(none)') : 'All others, or none';
                    const row = listItem(v, key, null, { value: label, views: rest }, all);
                    row.classList.add('rest');
                    list.append(row);
                }
                card.append(list);
            }
            return card;
        }));
    }

    function empty(text) {
        const p = document.createElement('p');
        p.className = 'empty';
        p.textContent = text;
        return p;
    }

    function listItem(v, key, filter, item, all) {
        const li = document.createElement('li');
        const share = all > 0 ? Math.min(1, item.views / all) : 0;
        const row = document.createElement(filter ? 'button' : 'div');
        row.className = 'row-item';
        row.style.setProperty('--share', `${(share * 100).toFixed(1)}%`);
        const value = document.createElement('span');
        value.className = 'row-value';
        value.textContent = display(key, item.value);
        if (item.title) {
            const title = document.createElement('span');
            title.className = 'row-title';
            title.textContent = item.title;
            value.append(title);
        }
        value.title = item.title ? `${item.value} — ${item.title}` : item.value;
        const count = document.createElement('span');
        count.className = 'row-count';
        count.textContent = numbers.format(item.views);
        const percent = document.createElement('span');
        percent.className = 'row-share';
        percent.textContent = `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
        row.append(value, count, percent);
        if (filter) {
            row.type = 'button';
            const active = v.filter !== null && v.filter[0] === filter && v.filter[1] === item.value;
            row.setAttribute('aria-pressed', String(active));
            row.dataset.filter = filter;
            row.dataset.value = item.value;
            row.addEventListener('click', () => go({ filter: active ? null : [filter, item.value] }));
        }
        li.append(row);
        return li;
    }

    function dateInput(seconds) {
        const d = new Date(seconds * 1000);
        const pad = (n) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    }

    function localSeconds(dateText, plusDays) {
        const [y, m, d] = dateText.split('-').map(Number);
        return Math.floor(new Date(y, m - 1, d + plusDays).getTime() / 1000);
    }

    function chooseRange(name) {
        if (name === 'custom') {
            const form = $('custom');
            form.hidden = !form.hidden;
            if (!form.hidden) {
                const v = view();
                const end = v.end === null ? now() : v.end;
                const start = v.start === null ? end - 30 * DAY : v.start;
                $('from').value = dateInput(start);
                $('to').value = dateInput(end - 1);
                $('from').focus();
            }
            showToolbar(view());
            return;
        }
        $('custom').hidden = true;
        const [start, end] = presetRange(name);
        go({ start, end }, name);
    }

    function applyCustom(event) {
        event.preventDefault();
        const from = $('from').value;
        const to = $('to').value;
        if (!from || !to) {
            notice('Choose both dates of the range.');
            return;
        }
        const start = localSeconds(from, 0);
        const end = localSeconds(to, 1);
        if (!(start < end)) {
            notice('The first day must come before the last one.');
            return;
        }
        go({ start, end });
    }

    async function signIn(event) {
        event.preventDefault();
        const error = $('signin-error');
        error.textContent = '';
        let response;
        try {
            response = await fetch('/analytics/login', {
                method: 'POST', credentials: 'same-origin', body: new URLSearchParams({ token: $('token').value }),
            });
        } catch (unreachable) {
            error.textContent = 'The Tally server is not answering. Try again in a moment.';
            return;
        }
        if (!response.ok) {
            error.textContent = await problem(response);
            $('token').select();
            return;
        }
        $('token').value = '';
        sites = null;
        await load();
    }

    function start() {
        $('signin-form').addEventListener('submit', signIn);
        // Arrow keys on a closed picker change it a site at a time: load once, when the reader stops on one.
        let picking = null;
        $('site').addEventListener('change', (event) => {
            clearTimeout(picking);
            picking = setTimeout(() => event.target.value !== view().site && go({ site: event.target.value, filter: null }), 400);
        });
        document.querySelectorAll('#presets button').forEach((button) => {
            button.addEventListener('click', () => chooseRange(button.dataset.range));
        });
        $('custom').addEventListener('submit', applyCustom);
        $('filter-clear').addEventListener('click', () => go({ filter: null }));
        window.addEventListener('popstate', load);
        dark.addEventListener('change', () => shown && drawChart(shown.report));
        let width = 0;
        new ResizeObserver(() => {
            const w = $('chart').clientWidth;
            if (plot && w !== width) {
                width = w;
                plot.setSize({ width: Math.max(200, w), height: w < 500 ? 220 : 280 });
            }
        }).observe($('chart'));
        load();
    }

    start();
})();
