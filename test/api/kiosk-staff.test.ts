/**
 * 找工作人员 at the kiosk (issue 15 item 4): a press calls the staff of the terminal's station — an operator alert over
 * the real-time channel with the terminal and station, to that community's operators only; a repeated press is
 * limited; bad input is problem+json and writes nothing; an operator marks 已到场 once.
 */
import test from 'ava';
import { routes, type StaffAlert } from '@cc/shared';
import { listenRealtime } from '../support/realtime';
import { raw, startStack, type Stack } from '../support/stack';
import { until } from '../support/calls';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
});
test.after.always(() => stack?.stop());

const press = (kiosk: { id: string; secret: string }, body: unknown = {}, auth = `Terminal ${kiosk.id}:${kiosk.secret}`) =>
  raw(`${stack.apiUrl}/api/v1/kiosk/staff-call`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const staffCalls = (events: Record<string, unknown>[]) => events.filter((e) => e.type === 'staff.call').map((e) => e.alert as StaffAlert);

/** A second terminal, at the village station of 径山村, registered by that village's operator. */
async function villageKiosk(op: Awaited<ReturnType<Stack['login']>>) {
  const stations = await op.client.call(routes.listStations, { params: { community_id: seed.communities.jingshan }, query: {} });
  const station = stations.items[0]!;
  const creds = await op.client.call(routes.registerKiosk, {
    params: { community_id: seed.communities.jingshan },
    body: { name: '径山村服务站一号机', station_id: station.id },
  });
  return { id: creds.kiosk.id, secret: creds.terminal_secret, station_name: station.name };
}

test.serial('a press reaches only the operators of that station’s community, with the terminal and the station; 已到场 once', async (t) => {
  const op = await stack.login('demo-operator-1');
  const villageOp = await stack.login('demo-operator-2');
  const admin = await stack.login('demo-admin-1');
  const [a, v, ad] = [
    listenRealtime(stack.apiUrl, op.token),
    listenRealtime(stack.apiUrl, villageOp.token),
    listenRealtime(stack.apiUrl, admin.token),
  ];
  await Promise.all([a.ready, v.ready, ad.ready]);
  const village = await villageKiosk(villageOp);

  const res = await press(seed.kiosk);
  t.is(res.status, 201, res.text);
  t.regex(String(res.body?.message), /工作人员马上过来/);
  const alert = res.body?.alert as StaffAlert;
  t.like(alert, { kiosk_id: seed.kiosk.id, kiosk_name: '益乐社区服务站一号机', status: 'waiting', reason: 'general' });
  t.regex(alert.station_name, /益乐社区服务站/);

  const fromVillage = await press(village);
  t.is(fromVillage.status, 201, fromVillage.text);
  const villageAlert = fromVillage.body?.alert as StaffAlert;
  t.is(villageAlert.station_name, village.station_name);

  // Each operator gets their own station's alert; the admin gets both.
  await until('the operators’ alerts', async () => staffCalls(a.events).length >= 1 && staffCalls(v.events).length >= 1);
  await until('the admin’s alerts', async () => staffCalls(ad.events).length >= 2);
  const event = a.events.find((e) => e.type === 'staff.call')!;
  t.regex(String(event.message), /益乐社区服务站.*一号机/);
  t.deepEqual(
    staffCalls(a.events).map((x) => x.id),
    [alert.id],
  );
  t.deepEqual(
    staffCalls(v.events).map((x) => x.id),
    [villageAlert.id],
  );

  // The list the operator pages catch up from; another community's operator may not read it or mark it.
  const list = await op.client.call(routes.listStaffAlerts, { params: { community_id: seed.communities.wenxin } });
  t.deepEqual(
    list.items.map((x) => x.id),
    [alert.id],
  );
  const params = { community_id: seed.communities.wenxin, alert_id: alert.id };
  const foreign = await raw(`${stack.apiUrl}/api/v1/communities/${params.community_id}/staff-alerts/${alert.id}/arrived`, {
    method: 'POST',
    headers: { authorization: `Bearer ${villageOp.token}` },
  });
  t.is(foreign.status, 403);
  t.is(foreign.body?.code, 'forbidden_scope');

  const arrived = await op.client.call(routes.markStaffArrived, { params });
  t.like(arrived, { id: alert.id, status: 'arrived', arrived_by_name: '周敏' });
  await until('the arrival on the channel', async () => a.events.some((e) => e.type === 'staff.arrived'));
  const again = await raw(`${stack.apiUrl}/api/v1/communities/${params.community_id}/staff-alerts/${alert.id}/arrived`, {
    method: 'POST',
    headers: { authorization: `Bearer ${op.token}` },
  });
  t.is(again.status, 409);
  t.is(again.body?.code, 'staff_alert_closed');
  t.false(v.events.some((e) => e.type === 'staff.arrived' && (e.alert as StaffAlert).id === alert.id));
  for (const c of [a, v, ad]) c.ws.close();
});

test.serial(
  'a repeated press from the same terminal is limited (429 problem+json with Retry-After) and raises no second alert',
  async (t) => {
    const op = await stack.login('demo-operator-2');
    const kiosk = await villageKiosk(op);
    const first = await press(kiosk, { reason: 'payment' });
    t.is(first.status, 201, first.text);
    for (let i = 0; i < 3; i++) {
      const repeated = await press(kiosk);
      t.is(repeated.status, 429);
      t.regex(repeated.headers.get('content-type') ?? '', /application\/problem\+json/);
      t.is(repeated.body?.code, 'staff_call_too_soon');
      t.true(Number(repeated.headers.get('retry-after')) >= 1);
    }
    const list = await op.client.call(routes.listStaffAlerts, { params: { community_id: seed.communities.jingshan } });
    t.is(list.items.filter((x) => x.kiosk_id === kiosk.id).length, 1);
  },
);

test.serial('bad input and a missing terminal are problem+json and write nothing', async (t) => {
  const op = await stack.login('demo-operator-2');
  const kiosk = await villageKiosk(op);
  const cases: [unknown, number, string][] = [
    [{ reason: 'coffee' }, 400, 'validation_failed'],
    [{ reason: 'general', kiosk_id: seed.kiosk.id }, 400, 'validation_failed'],
    ['{"reason":', 400, 'malformed_json'],
  ];
  for (const [body, status, code] of cases) {
    const res = await press(kiosk, body);
    t.is(res.status, status, JSON.stringify(body));
    t.regex(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    t.is(res.body?.code, code, res.text);
  }
  const noTerminal = await press(kiosk, {}, '');
  t.is(noTerminal.status, 401);
  t.is(noTerminal.body?.code, 'terminal_auth_required');
  const wrongSecret = await press(kiosk, {}, `Terminal ${kiosk.id}:${'x'.repeat(43)}`);
  t.is(wrongSecret.status, 401);
  const list = await op.client.call(routes.listStaffAlerts, { params: { community_id: seed.communities.jingshan } });
  t.is(list.items.filter((x) => x.kiosk_id === kiosk.id).length, 0);
  // The bad presses did not use up the terminal's press: a good one still goes through.
  t.is((await press(kiosk)).status, 201);
});
