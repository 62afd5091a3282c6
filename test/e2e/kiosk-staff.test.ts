/**
 * 找工作人员 across both front ends (issue 15 item 4): a person presses the tile at the kiosk (kiosk H5 build, portrait
 * terminal, nobody signed in) while 周敏, operator of 益乐社区, has the mini-program's call queue open (H5 build,
 * phone). The kiosk says 工作人员马上过来 (on the screen and aloud); the operator page shows the alert live with the
 * station and the terminal; she presses 已到场 and it goes; a second press at the kiosk right after is told that the
 * staff were already called.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { checkScreen } from '../support/axe';
import { assertElderMode } from '../support/elder-metrics';
import { kioskAtWelcome, operatorOnQueue, seed, setupKioskAndPhone, stack, visible } from '../support/kiosk-and-phone';

setupKioskAndPhone();

test('a press at the kiosk: 工作人员马上过来 aloud, the alert live on the operator page with station and terminal, 已到场', async (t) => {
  const { op, errors: opErrors } = await operatorOnQueue();

  const { k, errors: kioskErrors } = await kioskAtWelcome();

  const answered = k.waitForResponse((r) => r.url().endsWith('/api/v1/kiosk/staff-call') && r.request().method() === 'POST');
  await visible(k, '[data-testid="tile-staff"]').click();
  const response = await answered;
  t.is(response.status(), 201);
  const { alert } = (await response.json()) as { alert: { id: string } };
  await visible(k, '[data-testid="staff-coming"]').getByText('工作人员马上过来').waitFor();
  t.is(await visible(k, '[data-testid="staff-place"]').textContent(), '益乐社区服务站');
  const spoken = await k.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
  t.true(
    spoken.some((s) => s.includes('工作人员马上过来')),
    spoken.join(' | '),
  );
  await assertElderMode(t, k, 'staff called');
  await checkScreen(t, k, 'kiosk-staff-called');

  // The operator page: the banner, live, with the station and the terminal.
  const banner = visible(op, `[data-testid="staff-alert"][data-alert-id="${alert.id}"]`);
  await banner.waitFor({ timeout: 5000 });
  const place = (await banner.locator('[data-testid="staff-alert-place"]').textContent()) ?? '';
  t.regex(place, /益乐社区服务站/);
  t.regex(place, /益乐社区服务站一号机/);
  await checkScreen(t, op, 'operator-staff-alert');

  // A second press at the kiosk at once: told the staff were already called, and no second alert.
  await visible(k, '[data-testid="staff-home"]').click();
  const again = k.waitForResponse((r) => r.url().endsWith('/api/v1/kiosk/staff-call'));
  await visible(k, '[data-testid="tile-staff"]').click();
  t.is((await again).status(), 429);
  await visible(k, '[data-testid="staff-sent"]').getByText('刚才已经通知过了').waitFor();
  t.is(await visible(op, '[data-testid="staff-alert"]').count(), 1);

  // 已到场: the banner goes, and the server has the arrival.
  await banner.locator('.staff-alert__arrived').click();
  await banner.waitFor({ state: 'detached', timeout: 5000 });
  const op1 = await stack.login('demo-operator-1');
  const list = await op1.client.call(routes.listStaffAlerts, { params: { community_id: seed.communities.wenxin }, query: {} });
  t.like(
    list.items.find((a) => a.id === alert.id),
    { status: 'arrived', arrived_by_name: '周敏' },
  );
  t.deepEqual(opErrors, []);
  t.deepEqual(kioskErrors, []);
});
