// Seckill live dashboard: polls GET /api/admin/dashboard once a second with an admin token
// and draws the last minutes. No framework, no build step; charts are plain SVG.
'use strict';

const TOKEN_KEY = 'seckill.adminToken';
const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#3fb950', '#58a6ff', '#d29922', '#f85149', '#bc8cff', '#39c5cf', '#ff9bce', '#a5d6ff', '#e3b341'];
const OUTCOME_COLORS = { accepted: '#3fb950', sold_out: '#58a6ff', limit: '#d29922', rate_limited: '#bc8cff',
	too_many: '#ff9bce', not_started: '#39c5cf', ended: '#7d8a96', replay: '#a5d6ff', key_reused: '#e3b341',
	no_sale: '#f85149' };
const FAILOVER_TYPES = new Set(['+switch-master', 'switched']);

const state = { points: [], windowSeconds: 600, last: null, events: [], timer: null };

function token() {
	const fragment = new URLSearchParams(location.hash.slice(1));
	if (fragment.get('token')) {
		// The fragment never reaches a server or its logs; drop it from the address bar too.
		sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
		history.replaceState(null, '', location.pathname + location.search);
	}
	return sessionStorage.getItem(TOKEN_KEY);
}

function el(tag, attrs, text) {
	const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
	for (const [name, value] of Object.entries(attrs || {})) {
		node.setAttribute(name, value);
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

function fmt(value, digits) {
	if (value === null || value === undefined || Number.isNaN(value)) {
		return '—';
	}
	if (digits !== undefined) {
		return value.toFixed(digits);
	}
	return Math.round(value).toLocaleString('en-US');
}

function clock(ms) {
	return new Date(ms).toISOString().slice(11, 19);
}

async function poll() {
	const bearer = token();
	if (!bearer) {
		showLogin('');
		return;
	}
	const since = state.points.length ? '?since=' + state.points[state.points.length - 1].t : '';
	let response;
	try {
		response = await fetch('/api/admin/dashboard' + since, {
			headers: { Authorization: 'Bearer ' + bearer, Accept: 'application/json' }, cache: 'no-store' });
	}
	catch (error) {
		setConnection('bad', 'ingress unreachable');
		return schedule();
	}
	if (response.status === 401 || response.status === 403) {
		sessionStorage.removeItem(TOKEN_KEY);
		showLogin(response.status === 403 ? 'That token has no admin scope.' : 'That token is not valid (expired?).');
		return;
	}
	if (!response.ok) {
		setConnection('bad', 'HTTP ' + response.status);
		return schedule();
	}
	const data = await response.json();
	document.getElementById('login').hidden = true;
	document.getElementById('main').hidden = false;
	ingest(data);
	render(data);
	setConnection('ok', 'live · ' + clock(Date.parse(data.current.at)));
	schedule();
}

function schedule() {
	clearTimeout(state.timer);
	state.timer = setTimeout(poll, 1000);
}

function ingest(data) {
	state.windowSeconds = data.windowSeconds;
	for (const point of data.history) {
		point.t = Date.parse(point.at);
		if (!state.points.length || point.t > state.points[state.points.length - 1].t) {
			state.points.push(point);
		}
	}
	const horizon = Date.now() - state.windowSeconds * 1000;
	while (state.points.length && state.points[0].t < horizon) {
		state.points.shift();
	}
	state.events = data.events.map((event) => ({ ...event, t: Date.parse(event.at) }));
}

function failoverTimes() {
	const times = state.events.filter((event) => event.type === 'switched').map((event) => event.t);
	if (times.length === 0) {
		// Another ingress' notes are not here; a +switch-master from any sentinel is.
		const seen = new Set();
		for (const event of state.events.filter((e) => e.type === '+switch-master')) {
			const second = Math.round(event.t / 2000);
			if (!seen.has(second)) {
				seen.add(second);
				times.push(event.t);
			}
		}
	}
	return times;
}

function render(data) {
	const current = data.current;
	document.getElementById('window').textContent = Math.round(state.windowSeconds / 60);
	renderRedis(current);
	renderSales(current.sales);
	renderRooms(data.rooms || []);
	renderTotals(current);
	renderQueues(current);
	renderEvents();
	const markers = failoverTimes();
	const outcomes = new Set();
	state.points.forEach((point) => Object.keys(point.purchases).forEach((key) => outcomes.add(key)));
	const active = [...outcomes].filter((key) => state.points.some((point) => point.purchases[key] > 0)).sort();
	const lines = active.map((key, i) => ({ name: key, color: OUTCOME_COLORS[key] || PALETTE[i % PALETTE.length],
		value: (point) => point.purchases[key] ?? null }));
	if (state.points.some((point) => point.unavailable > 0)) {
		lines.push({ name: '503 unavailable', color: '#f85149', value: (point) => point.unavailable });
	}
	chart('purchases', lines, markers);
	chart('latency', [
		{ name: 'p50', color: '#58a6ff', value: (point) => point.p50 },
		{ name: 'p99', color: '#f85149', value: (point) => point.p99 }], markers, 1);
	const queues = current.queues.map((queue) => queue.queue);
	chart('queues', [
		{ name: 'outbox', color: '#e3b341', value: (point) => point.outbox },
		...queues.map((queue, i) => ({ name: queue, color: PALETTE[(i + 1) % PALETTE.length],
			value: (point) => point.ready[queue] ?? null }))], markers);
	chart('workers', [
		{ name: 'reservations', color: '#39c5cf', value: (point) => point.reservations },
		{ name: 'orders', color: '#3fb950', value: (point) => point.orders }], markers, 1);
}

function renderRedis(current) {
	const master = document.getElementById('redis-master');
	master.textContent = 'Redis master ' + (current.redisMaster || 'unknown') + (current.redisFenced ? ' (failing over)' : '');
	master.className = 'badge ' + (!current.redisMaster ? 'bad' : current.redisFenced ? 'warn' : 'ok');
	const failovers = document.getElementById('failovers');
	failovers.textContent = 'failovers ' + current.failovers;
	failovers.className = 'badge' + (current.failovers > 0 ? ' warn' : '');
	const breakers = document.getElementById('breakers');
	breakers.replaceChildren(...Object.entries(current.breakers).map(([name, breakerState]) => el('span', {
		class: 'badge ' + (breakerState === 'CLOSED' ? 'ok' : breakerState === 'OPEN' ? 'bad' : 'warn'),
		'data-breaker': name }, 'breaker ' + name + ' ' + breakerState)));
}

function renderSales(sales) {
	document.getElementById('no-sales').hidden = sales.length > 0;
	const rows = sales.map((sale) => {
		const row = el('tr', { 'data-sale': sale.saleId });
		row.append(el('td', { title: sale.item }, sale.saleId), el('td', { class: 'status status-' + sale.status }, sale.status),
			el('td', { class: 'stock' }, fmt(sale.stock)), el('td', { class: 'remaining' }, fmt(sale.remaining)),
			el('td', { class: 'sold' }, fmt(sale.sold)), el('td', { class: 'paid' }, fmt(sale.paid)),
			el('td', { class: 'expired' }, fmt(sale.expired)), el('td', { class: 'rejected' }, fmt(sale.rejected)));
		const bar = el('div', { class: 'bar', title: 'sold ' + sale.sold + ' · expired ' + sale.expired + ' of ' + sale.stock });
		const sold = el('span', { class: 'sold' });
		const expired = el('span', { class: 'expired' });
		const soldShare = sale.stock ? Math.min(100, 100 * sale.sold / sale.stock) : 0;
		const expiredShare = sale.stock ? Math.min(100 - soldShare, 100 * sale.expired / sale.stock) : 0;
		sold.style.left = '0';
		sold.style.width = soldShare + '%';
		expired.style.left = soldShare + '%';
		expired.style.width = expiredShare + '%';
		bar.append(sold, expired);
		const cell = el('td', { class: 'bar-cell' });
		cell.append(bar);
		row.append(cell);
		return row;
	});
	document.querySelector('#sales tbody').replaceChildren(...rows);
}

function renderRooms(rooms) {
	document.getElementById('rooms-panel').hidden = rooms.length === 0;
	document.querySelector('#rooms tbody').replaceChildren(...rooms.map((room) => {
		const row = el('tr', { 'data-room': room.saleId });
		row.append(el('td', {}, room.saleId), el('td', { class: 'waiting' }, fmt(room.waiting)),
			el('td', { class: 'admitted' }, fmt(room.admitted)), el('td', { class: 'rate' }, fmt(room.admittedPerSecond, 1)),
			el('td', { class: 'last-wait' }, fmt(room.lastInLineSeconds, 0)), el('td', { class: 'abandoned' }, fmt(room.abandoned)));
		return row;
	}));
}

function renderTotals(current) {
	const tile = (kind, key, value) => {
		const node = el('span', { class: 'tile', ['data-' + kind]: key }, key + ' ');
		node.append(el('span', { class: 'value' }, fmt(value)));
		return node;
	};
	document.getElementById('outcomes').replaceChildren(
		...Object.entries(current.purchases).filter(([, count]) => count > 0).map(([key, count]) => tile('outcome', key, count)));
	document.getElementById('orders').replaceChildren(
		...Object.entries(current.orders).map(([key, count]) => tile('orders', key, count)));
}

function renderQueues(current) {
	const rows = [
		...current.queues.map((queue) => [queue.queue, queue.ready, queue.consumers]),
		['outbox (Redis stream)', current.outboxBacklog, null]];
	document.querySelector('#queues tbody').replaceChildren(...rows.map(([name, ready, consumers]) => {
		const row = el('tr', { 'data-queue': name });
		const deadLetters = name.endsWith('.dlq') && ready > 0;
		row.append(el('td', {}, name), el('td', { class: 'ready' + (deadLetters ? ' error' : '') }, fmt(ready)),
			el('td', { class: 'consumers' }, consumers === null ? '' : fmt(consumers)));
		return row;
	}));
}

function renderEvents() {
	const items = state.events.slice().reverse().map((event) => {
		const failover = FAILOVER_TYPES.has(event.type);
		const alarm = event.type.startsWith('+sdown') || event.type.startsWith('+odown') || event.type === 'fenced';
		return el('li', { class: failover ? 'failover' : alarm ? 'alarm' : '' },
			clock(event.t) + '  ' + event.type.padEnd(14) + ' ' + event.detail + (event.source !== 'seckill' ? '  (' + event.source + ')' : ''));
	});
	if (items.length === 0) {
		items.push(el('li', { class: 'muted' }, 'No sentinel event since this ingress started.'));
	}
	document.getElementById('events').replaceChildren(...items);
}

// A line chart over the kept window: series of {name, color, value(point)}; markers are
// failover times, drawn as dashed red lines.
function chart(id, series, markers, digits) {
	const svg = document.getElementById('chart-' + id);
	const width = svg.clientWidth || 600;
	const height = svg.clientHeight || 150;
	const pad = { left: 44, right: 8, top: 8, bottom: 18 };
	const t1 = state.points.length ? state.points[state.points.length - 1].t : Date.now();
	const t0 = t1 - Math.min(state.windowSeconds, 300) * 1000;
	const visible = state.points.filter((point) => point.t >= t0);
	let max = 0;
	for (const line of series) {
		for (const point of visible) {
			const value = line.value(point);
			if (value !== null && value !== undefined && value > max) {
				max = value;
			}
		}
	}
	const step = niceStep(max / 4);
	const top = step * Math.max(1, Math.ceil(max / step));
	const x = (t) => pad.left + (width - pad.left - pad.right) * (t - t0) / (t1 - t0 || 1);
	const y = (v) => pad.top + (height - pad.top - pad.bottom) * (1 - v / top);
	svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
	const nodes = [];
	for (let value = 0; value <= top + step / 2; value += step) {
		nodes.push(el('svg:line', { class: 'grid', x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value) }));
		nodes.push(el('svg:text', { x: pad.left - 4, y: y(value) + 3, 'text-anchor': 'end' }, axisLabel(value)));
	}
	for (let minute = 0; minute <= 5; minute++) {
		const t = t1 - minute * 60000;
		if (t >= t0) {
			nodes.push(el('svg:text', { x: x(t), y: height - 4, 'text-anchor': minute === 0 ? 'end' : 'middle' },
				minute === 0 ? clock(t) : '-' + minute + 'm'));
		}
	}
	for (const marker of markers.filter((t) => t >= t0 && t <= t1 + 1000)) {
		nodes.push(el('svg:line', { class: 'marker', x1: x(marker), x2: x(marker), y1: pad.top, y2: height - pad.bottom }));
		nodes.push(el('svg:text', { class: 'marker-label', x: x(marker) + 3, y: pad.top + 9 }, 'failover'));
	}
	const legend = [];
	for (const line of series) {
		let path = '';
		let pen = false;
		for (const point of visible) {
			const value = line.value(point);
			if (value === null || value === undefined) {
				pen = false;
				continue;
			}
			path += (pen ? 'L' : 'M') + x(point.t).toFixed(1) + ' ' + y(value).toFixed(1);
			pen = true;
		}
		nodes.push(el('svg:path', { class: 'series', d: path || 'M0 0', stroke: line.color, 'data-series': line.name }));
		const latest = visible.length ? line.value(visible[visible.length - 1]) : null;
		const item = el('span', { 'data-series': line.name });
		const swatch = el('i');
		swatch.style.background = line.color;
		item.append(swatch, line.name + ' ', el('b', {}, fmt(latest, digits)));
		legend.push(item);
	}
	svg.replaceChildren(...nodes);
	document.getElementById('legend-' + id).replaceChildren(...legend);
}

// A round grid step (1, 2 or 5 times a power of ten) at least the given size.
function niceStep(value) {
	if (!(value > 0)) {
		return 0.25;
	}
	const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
	for (const factor of [1, 2, 5, 10]) {
		if (value <= factor * magnitude) {
			return factor * magnitude;
		}
	}
	return 10 * magnitude;
}

function axisLabel(value) {
	if (value >= 1000) {
		return Math.round(value / 100) / 10 + 'k';
	}
	return String(Math.round(value * 100) / 100);
}

function setConnection(kind, text) {
	const node = document.getElementById('connection');
	node.className = 'badge ' + kind;
	node.textContent = text;
}

function showLogin(message) {
	clearTimeout(state.timer);
	document.getElementById('main').hidden = true;
	document.getElementById('login').hidden = false;
	document.getElementById('login-error').textContent = message;
	setConnection('warn', 'no token');
}

document.addEventListener('DOMContentLoaded', () => {
	document.getElementById('login-form').addEventListener('submit', (event) => {
		event.preventDefault();
		const value = document.getElementById('token-input').value.trim();
		if (value) {
			sessionStorage.setItem(TOKEN_KEY, value);
			poll();
		}
	});
	window.addEventListener('hashchange', poll);
	poll();
});
