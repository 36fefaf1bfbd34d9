// The dashboard: signs in with a token kept in sessionStorage (never in a URL), follows the
// gateway's event stream with fetch (EventSource cannot send an Authorization header), and
// drives drains through the same HTTP API as any other client. No inline script, no
// external resources: the page runs under a strict Content-Security-Policy.

const TOKEN_KEY = 'gatewaydrain.token';
const CHART_WINDOW_MS = 5 * 60 * 1000;
const STREAM_SILENCE_MS = 40 * 1000; // the server sends a heartbeat every 15 s
const FLEET_POLL_MS = 2000;
const TIMELINE_MAX = 50;
const COUNTDOWN_TICK_MS = 1000;
const WEBHOOK_POLL_MS = 5000;

const $ = (id) => document.getElementById(id);

const view = {
  connection: $('connection'),
  signIn: $('sign-in'),
  tokenForm: $('token-form'),
  token: $('token'),
  signInError: $('sign-in-error'),
  gateway: $('gateway'),
  instance: $('instance'),
  state: $('state'),
  quiesced: $('quiesced'),
  inFlight: $('in-flight'),
  channel: $('channel'),
  chartLine: $('chart-line'),
  chartMax: $('chart-max'),
  chartSpan: $('chart-span'),
  drain: $('drain'),
  drainPrincipal: $('drain-principal'),
  drainReason: $('drain-reason'),
  drainSince: $('drain-since'),
  drainExpires: $('drain-expires'),
  drainDeadline: $('drain-deadline'),
  drainGrace: $('drain-grace'),
  blockers: $('blockers'),
  blockerRows: $('blocker-rows'),
  blockersEstimate: $('blockers-estimate'),
  countdown: $('countdown'),
  webhooks: $('webhooks'),
  webhookRows: $('webhook-rows'),
  deadline: $('deadline'),
  onDeadline: $('on-deadline'),
  grace: $('grace'),
  ignored: $('ignored'),
  drainForm: $('drain-form'),
  reason: $('reason'),
  ttl: $('ttl'),
  cancelButton: $('cancel-button'),
  actionError: $('action-error'),
  actionResult: $('action-result'),
  timeline: $('timeline'),
  fleet: $('fleet'),
  fleetSummary: $('fleet-summary'),
  fleetRows: $('fleet-rows'),
  fleetDrain: $('fleet-drain'),
  fleetCancel: $('fleet-cancel'),
  rollout: $('rollout'),
  rolloutSummary: $('rollout-summary'),
  rolloutText: $('rollout-text'),
  rolloutSteps: $('rollout-steps'),
  signOut: $('sign-out'),
  confirm: $('confirm'),
  confirmTitle: $('confirm-title'),
  confirmText: $('confirm-text'),
  confirmYes: $('confirm-yes'),
};

const session = {
  token: null,
  stream: null, // AbortController of the open event stream
  retryDelay: 1000,
  retryTimer: null,
  fleetTimer: null,
  fleet: false, // whether the transport keeps a fleet, as GET /api says
  lastState: null,
  lastCount: 0,
  samples: [],
  expectedQuiet: null, // when the status expects the last turn to end (a Date), or null
  countdownTimer: null,
  webhookTimer: null,
};

// ---- sentences for what went wrong -------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, detail, retryAfter) {
    super(detail || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

function sentence(error) {
  if (!(error instanceof ApiError)) {
    return 'The gateway cannot be reached. Check that it is running and that this page came from it.';
  }
  switch (error.status) {
    case 401:
      return 'The token was not accepted. Check it and sign in again.';
    case 403:
      return 'This token is not allowed to do that: it lacks the scope this needs.';
    case 404:
      return error.code === 'not_a_fleet' ? 'This gateway has no fleet.' : 'The gateway does not offer this.';
    case 429: {
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} seconds.` : ' Try again shortly.';
      return `Too many open dashboards or waiting requests for this token.${wait}`;
    }
    case 503:
      return `The gateway cannot do that right now${error.detail ? ': ' + error.detail : '.'}`;
    default:
      if (error.status >= 400 && error.status < 500 && error.detail) {
        return error.detail;
      }
      return 'The gateway failed to answer; its log says why.';
  }
}

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${session.token}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  let json = null;
  try {
    json = await response.json();
  } catch (notJson) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json && json.error, json && json.detail, response.headers.get('Retry-After'));
  }
  return json;
}

// ---- signing in and out ------------------------------------------------------------------

function showSignIn(message) {
  stopAll();
  session.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  view.signIn.hidden = false;
  view.gateway.hidden = true;
  view.fleet.hidden = true;
  view.signOut.hidden = true;
  view.signInError.textContent = message || '';
  setConnection('Not connected', '');
  view.token.focus();
}

function signIn(token) {
  session.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  view.signInError.textContent = '';
  view.signOut.hidden = false;
  connect();
}

function stopAll() {
  if (session.stream) {
    session.stream.abort();
    session.stream = null;
  }
  clearTimeout(session.retryTimer);
  clearTimeout(session.fleetTimer);
  clearInterval(session.countdownTimer);
  session.countdownTimer = null;
  clearTimeout(session.webhookTimer);
}

function setConnection(text, kind) {
  view.connection.textContent = text;
  view.connection.className = `connection ${kind}`;
}

// ---- the event stream ----------------------------------------------------------------------

async function connect() {
  stopAll();
  const controller = new AbortController();
  session.stream = controller;
  setConnection('Connecting…', '');
  let silence = null;
  const watchSilence = () => {
    clearTimeout(silence);
    silence = setTimeout(() => controller.abort(), STREAM_SILENCE_MS);
  };
  try {
    const response = await fetch('/api/gateway/events', {
      headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      credentials: 'omit',
      signal: controller.signal,
    });
    if (!response.ok) {
      let json = null;
      try {
        json = await response.json();
      } catch (notJson) {
        json = null;
      }
      throw new ApiError(response.status, json && json.error, json && json.detail, response.headers.get('Retry-After'));
    }
    view.signIn.hidden = true;
    view.gateway.hidden = false;
    setConnection('Live', 'live');
    session.retryDelay = 1000;
    learnWhatIsOffered();
    watchSilence();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      watchSilence();
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = frame.split('\n');
        const name = lines.filter((line) => line.startsWith('event:')).map((line) => line.slice(6).trim())[0];
        const data = lines.filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart()).join('\n');
        if (data && name === 'rollout') {
          renderRollout(JSON.parse(data));
        } else if (data) {
          render(JSON.parse(data));
        }
      }
    }
    throw new Error('the stream ended');
  } catch (error) {
    clearTimeout(silence);
    if (session.stream !== controller) {
      return; // signed out or replaced by a newer connection
    }
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      showSignIn(sentence(error));
      return;
    }
    const wait = error instanceof ApiError && error.retryAfter
      ? Number(error.retryAfter) * 1000 : session.retryDelay;
    session.retryDelay = Math.min(session.retryDelay * 2, 10000);
    const why = error instanceof ApiError ? sentence(error) : 'The connection to the gateway was lost.';
    setConnection(`Disconnected: ${why} Reconnecting in ${Math.round(wait / 1000)} s…`, 'lost');
    session.retryTimer = setTimeout(connect, wait);
  }
}

// ---- showing the status ----------------------------------------------------------------

function time(text) {
  if (!text) {
    return '';
  }
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? text : at.toLocaleString();
}

function render(status) {
  const state = status.gateway_state;
  view.instance.textContent = status.instance_id ? `(${status.instance_id})` : '';
  view.state.textContent = state;
  view.state.className = `badge ${state}`;
  view.quiesced.hidden = !status.quiesced;
  view.inFlight.textContent = String(status.active_agents);
  view.channel.textContent = status.control_channel;
  view.channel.className = `badge ${status.control_channel}`;

  const drain = status.drain;
  view.drain.hidden = !drain;
  if (drain) {
    view.drainPrincipal.textContent = drain.principal;
    view.drainReason.textContent = drain.reason || '—';
    view.drainSince.textContent = time(drain.since);
    view.drainExpires.textContent = drain.expires_at ? time(drain.expires_at) : 'never';
    const passed = drain.deadline_passed;
    view.drainDeadline.textContent = !drain.deadline_at ? 'none'
      : passed ? `passed ${time(passed.at)}: ${passed.action === 'stop' ? 'stopping'
        : `${passed.interrupted} turn(s) interrupted`}`
        : `${time(drain.deadline_at)}, then ${drain.on_deadline === 'stop' ? 'stop' : 'interrupt'}`;
    view.drainGrace.textContent = !drain.session_grace_seconds ? 'none'
      : drain.grace ? `${drain.session_grace_seconds} s; ${drain.grace.sessions} conversation(s) in grace until `
        + time(drain.grace.ends_at)
        : `${drain.session_grace_seconds} s; no conversation in grace`;
  }
  renderBlockers(status);
  const ignored = status.drain_ignored;
  view.ignored.hidden = !ignored;
  if (ignored) {
    view.ignored.textContent = `A drain request by ${ignored.principal} (${time(ignored.requested_at)}) is ignored as `
      + `stale (${ignored.why}); write a new one to drain.`;
  }

  if (state !== session.lastState) {
    const entry = document.createElement('li');
    const from = session.lastState ? `${session.lastState} → ` : '';
    entry.textContent = `${new Date().toLocaleTimeString()}  ${from}${state}`
      + (drain && state === 'draining' ? ` (${drain.principal}${drain.reason ? ': ' + drain.reason : ''})` : '');
    view.timeline.prepend(entry);
    while (view.timeline.children.length > TIMELINE_MAX) {
      view.timeline.lastElementChild.remove();
    }
    session.lastState = state;
  }
  session.lastCount = status.active_agents;
  sample();
}

// The turns in flight, oldest first, and a countdown to when the status expects quiet.
function renderBlockers(status) {
  const turns = Array.isArray(status.turns) ? status.turns : [];
  view.blockers.hidden = turns.length === 0;
  view.blockerRows.replaceChildren(...turns.map((turn) => {
    const row = document.createElement('li');
    row.textContent = `${turn.session}${turn.internal ? ' (internal)' : ''}, since ${time(turn.started_at)}`;
    return row;
  }));
  const more = status.active_agents - turns.length;
  view.blockersEstimate.textContent = more > 0 ? `(oldest ${turns.length} of ${status.active_agents})` : '';
  const expected = status.expected_quiesced_at ? new Date(status.expected_quiesced_at) : null;
  session.expectedQuiet = expected && !Number.isNaN(expected.getTime()) ? expected : null;
  tickCountdown();
  if (!session.countdownTimer) {
    session.countdownTimer = setInterval(tickCountdown, COUNTDOWN_TICK_MS);
  }
}

function tickCountdown() {
  if (!session.expectedQuiet) {
    view.countdown.textContent = 'unknown (no finished turns to judge by)';
    return;
  }
  const left = Math.round((session.expectedQuiet.getTime() - Date.now()) / 1000);
  view.countdown.textContent = left <= 0 ? 'any moment'
    : left >= 120 ? `${Math.floor(left / 60)} min ${left % 60} s` : `${left} s`;
}

function sample() {
  const now = Date.now();
  session.samples.push({ at: now, count: session.lastCount });
  session.samples = session.samples.filter((s) => now - s.at <= CHART_WINDOW_MS);
  // The time axis spans what has been seen, from ten seconds up to five minutes.
  const span = Math.min(CHART_WINDOW_MS, Math.max(10000, now - session.samples[0].at));
  const highest = Math.max(...session.samples.map((s) => s.count));
  const scale = Math.max(1, highest);
  const x = (at) => (300 * (1 - (now - at) / span)).toFixed(1);
  const y = (count) => (58 - 54 * count / scale).toFixed(1);
  // A step line: the count holds until the next sample.
  const points = [];
  session.samples.forEach((s, i) => {
    if (i > 0) {
      points.push(`${x(s.at)},${y(session.samples[i - 1].count)}`);
    }
    points.push(`${x(s.at)},${y(s.count)}`);
  });
  view.chartLine.setAttribute('points', points.join(' '));
  view.chartMax.textContent = String(highest);
  view.chartSpan.textContent = span >= 60000 ? `${Math.round(span / 60000)} min` : `${Math.round(span / 1000)} s`;
}

// ---- drain and cancel ----------------------------------------------------------------------

function ask(title, text, yes) {
  return new Promise((resolve) => {
    view.confirmTitle.textContent = title;
    view.confirmText.textContent = text;
    view.confirmYes.textContent = yes;
    view.confirm.addEventListener('close', () => resolve(view.confirm.returnValue === 'yes'), { once: true });
    view.confirm.returnValue = '';
    view.confirm.showModal();
  });
}

function said(result, error) {
  view.actionResult.textContent = result || '';
  view.actionError.textContent = error || '';
}

async function drain(target) {
  const whom = target.scope === 'fleet' ? 'every instance of the fleet'
    : target.scope === 'instance' ? `instance ${target.instance_id}` : 'the gateway';
  const reason = view.reason.value.trim();
  const minutes = Number(view.ttl.value);
  const deadlineSet = Number(view.deadline.value) > 0;
  const confirmed = await ask('Drain?', `Drain ${whom}? New turns will be refused until the drain is cancelled`
    + `${minutes > 0 ? ' or expires' : ''}; turns in flight finish undisturbed`
    + `${deadlineSet ? (view.onDeadline.value === 'stop' ? ' until the deadline, when the gateway stops'
      : ' until the deadline, when they are interrupted') : ''}.`, 'Drain');
  if (!confirmed) {
    return;
  }
  const body = { action: 'drain', ...target };
  if (reason) {
    body.reason = reason;
  }
  if (minutes > 0) {
    body.ttl_seconds = Math.round(minutes * 60);
  }
  const deadlineMinutes = Number(view.deadline.value);
  if (deadlineMinutes > 0) {
    body.deadline_seconds = Math.round(deadlineMinutes * 60);
    body.on_deadline = view.onDeadline.value;
  }
  const graceSeconds = Number(view.grace.value);
  if (graceSeconds > 0) {
    body.session_grace_seconds = Math.round(graceSeconds);
  }
  said('', '');
  try {
    const answer = await api('POST', '/api/gateway/drain', body);
    if (answer.ignored) {
      said('', `The drain was written, but the gateway ignores it as stale (${answer.ignored}).`);
    } else {
      said(answer.draining ? `Drain requested by ${answer.principal}; ${whom} is draining.`
        : `Drain requested by ${answer.principal}; ${whom} has not shown draining yet.`);
    }
    pollFleet();
  } catch (error) {
    said('', sentence(error));
  }
}

async function cancel(target) {
  said('', '');
  try {
    const answer = await api('POST', '/api/gateway/drain', { action: 'cancel', ...target });
    said(answer.was_draining ? 'Drain cancelled; new turns are admitted again.' : 'There was no drain to cancel.');
    pollFleet();
  } catch (error) {
    said('', sentence(error));
  }
}

// ---- the fleet -----------------------------------------------------------------------------

// GET /api says whether the transport keeps a fleet: the page asks for one only then, so a gateway
// on the file transport never answers it 404 (a console error on every visit).
async function learnWhatIsOffered() {
  try {
    const offered = await api('GET', '/api');
    session.fleet = offered.fleet === true;
  } catch (error) {
    session.fleet = false;
  }
  view.fleet.hidden = !session.fleet;
  pollFleet();
  pollWebhooks();
}

// The webhook endpoints' health, where the server sends webhooks (gateway run); hidden elsewhere.
async function pollWebhooks() {
  clearTimeout(session.webhookTimer);
  try {
    const body = await api('GET', '/api/gateway/webhooks');
    const endpoints = Array.isArray(body.webhooks) ? body.webhooks : [];
    view.webhooks.hidden = endpoints.length === 0;
    view.webhookRows.replaceChildren(...endpoints.map((endpoint) => {
      const row = document.createElement('tr');
      const failure = endpoint.last_failure;
      [`${endpoint.name} (${endpoint.url})`, endpoint.last_success ? time(endpoint.last_success) : 'never',
        failure ? `${time(failure.at)}: ${failure.why}` : 'none', String(endpoint.waiting), String(endpoint.dropped)]
        .forEach((text) => {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.append(cell);
        });
      return row;
    }));
  } catch (error) {
    view.webhooks.hidden = true;
    if (error instanceof ApiError && error.status === 404) {
      return; // no webhooks where this API runs: stop asking
    }
  }
  session.webhookTimer = setTimeout(pollWebhooks, WEBHOOK_POLL_MS);
}

async function pollFleet() {
  clearTimeout(session.fleetTimer);
  if (!session.token || !session.fleet) {
    return;
  }
  try {
    const fleet = await api('GET', '/api/fleet/status');
    view.fleet.hidden = false;
    renderFleet(fleet);
  } catch (error) {
    // Unreadable for now (ZooKeeper away): the next poll tries again.
  }
  session.fleetTimer = setTimeout(pollFleet, FLEET_POLL_MS);
}

function renderFleet(fleet) {
  view.fleetSummary.textContent = `(${fleet.live} live${fleet.quiesced ? ', quiesced' : ''})`;
  const rows = fleet.instances.map((instance) => {
    const row = document.createElement('tr');
    const cells = [instance.instance_id, instance.gateway_state, String(instance.active_agents),
      instance.live ? 'yes' : 'no'];
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) {
        cell.scope = 'row';
      }
      if (i === 1) {
        const badge = document.createElement('span');
        badge.className = `badge ${text}`;
        badge.textContent = text;
        cell.append(badge);
      } else {
        cell.textContent = text;
      }
      row.append(cell);
    });
    const actions = document.createElement('td');
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    const target = { scope: 'instance', instance_id: instance.instance_id };
    const drainOne = document.createElement('button');
    drainOne.type = 'button';
    drainOne.textContent = 'Drain…';
    drainOne.setAttribute('aria-label', `Drain ${instance.instance_id}`);
    drainOne.addEventListener('click', () => drain(target));
    const cancelOne = document.createElement('button');
    cancelOne.type = 'button';
    cancelOne.className = 'secondary';
    cancelOne.textContent = 'Cancel';
    cancelOne.setAttribute('aria-label', `Cancel the drain of ${instance.instance_id}`);
    cancelOne.addEventListener('click', () => cancel(target));
    buttons.append(drainOne, cancelOne);
    actions.append(buttons);
    row.append(actions);
    return row;
  });
  // Nodes that do not count (a status naming another instance, a node no session holds): shown, never acted on.
  (fleet.invalid || []).forEach((invalid) => {
    const row = document.createElement('tr');
    row.className = 'invalid';
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = invalid.node;
    const why = document.createElement('td');
    why.colSpan = 4;
    why.textContent = `invalid, not counted: ${invalid.why}`;
    row.append(name, why);
    rows.push(row);
  });
  view.fleetRows.replaceChildren(...rows);
}

// The cluster's rollout (gateway rollout), as the event stream tells it: what runs, where each instance is.
function renderRollout(body) {
  const rollout = body.rollout;
  view.rollout.hidden = !rollout;
  if (!rollout) {
    return;
  }
  if (!view.fleet.hidden) {
    pollFleet(); // an instance changes step: show its state now, not at the next poll
  }
  const counts = ['done', 'current', 'pending', 'skipped', 'failed']
    .filter((step) => rollout[step].length > 0).map((step) => `${rollout[step].length} ${step}`).join(', ');
  view.rolloutSummary.textContent = `(${rollout.state}: ${counts})`;
  const holder = body.holder ? ` Running now by ${body.holder.principal} on ${body.holder.host}.` : '';
  view.rolloutText.textContent = `${rollout.id}: ${rollout.command} — by ${rollout.principal}, at most `
    + `${rollout.max_draining} drained at once, started ${new Date(rollout.started_at).toLocaleString()}.${holder}`;
  view.rolloutSteps.replaceChildren(...rollout.instances.map((instance) => {
    const item = document.createElement('li');
    const badge = document.createElement('span');
    badge.className = `badge ${instance.step}`;
    badge.textContent = instance.step;
    item.append(`${instance.instance_id} `, badge, instance.detail ? ` ${instance.detail}` : '');
    return item;
  }));
}

// ---- wiring --------------------------------------------------------------------------------

view.tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = view.token.value.trim();
  view.token.value = '';
  if (token) {
    signIn(token);
  }
});
view.drainForm.addEventListener('submit', (event) => {
  event.preventDefault();
  drain({});
});
view.cancelButton.addEventListener('click', () => cancel({}));
view.fleetDrain.addEventListener('click', () => drain({ scope: 'fleet' }));
view.fleetCancel.addEventListener('click', () => cancel({ scope: 'fleet' }));
view.signOut.addEventListener('click', () => showSignIn(''));
setInterval(() => {
  if (session.token && session.lastState) {
    sample();
  }
}, 1000);

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  signIn(saved);
} else {
  showSignIn('');
}
