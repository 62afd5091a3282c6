/**
 * The agri forms (issue 14 items 1, 9) in the mini-program's H5 build against the real API: 陈建国 (a verified farmer of
 * 径山村) opens his supply post of 猕猴桃 with two photos — both show as thumbnails — removes one, adds one, attaches
 * an 有机 certification with its evidence photo and saves; the API holds the new photo list and the certification as
 * pending. 径山村's operator sees the evidence photo under 认证核验 and confirms it; a buyer then sees 有机 on the post,
 * which they did not before. Every screen goes through axe (checkScreen); nothing on screen shows an internal id.
 */
import test, { type ExecutionContext } from 'ava';
import type { Locator, Page } from 'playwright-core';
import { agriPostRoutes, routes, shanghaiDate, type SupplyPost } from '@cc/shared';
import { checkScreen } from '../support/axe';
import { pngOf } from '../support/images';
import { noInternalIds, pageAs, storeBuyer, until, type Person } from '../support/agri-pages';
import { fitsWidth, onScreen, setupSellerPages, stack, tid } from '../support/seller-miniapp';

setupSellerPages();

const errors: string[] = [];
const JINGSHAN = { lat: 30.3969, lng: 119.7814 };
let colour = 10;
/** A PNG of its own colour (a distinct photo, so the same-photo check never holds the post). */
const png = () => Buffer.from(pngOf([colour++ * 7, 120, 200 - colour], 4, 4));

async function upload(p: Person): Promise<string> {
  return (await p.client.call(routes.createUpload, { file: { bytes: png(), content_type: 'image/png' } })).id;
}

/** The farmer's post of 猕猴桃 with two photos, through the API. */
async function kiwiPost(farmer: Person): Promise<{ id: string; photos: string[] }> {
  const photos = [await upload(farmer), await upload(farmer)];
  const today = shanghaiDate(new Date());
  const post = await farmer.client.call(agriPostRoutes.createSupplyPost, {
    body: {
      category: 'fruit',
      variety: '猕猴桃',
      quantity: 300,
      unit: '斤',
      unit_price_fen: 600,
      available_from: today,
      available_to: today,
      origin: { village: '径山村', location: JINGSHAN },
      photo_upload_ids: photos,
      valid_days: 30,
    },
  });
  return { id: post.id, photos };
}

/** Every image in `where` has loaded (a broken thumbnail has no natural width). */
async function loaded(where: Locator, count: number): Promise<void> {
  await until(
    () => where.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
    (n) => n === count,
  );
  const n = await where.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length);
  if (n !== count) throw new Error(`expected ${count} loaded photos, saw ${n}`);
}

async function pickPhoto(page: Page, add: Locator, name: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await add.click();
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: png() });
}

/** On 我的供应: the two photos show; the first is removed, one is added; 有机 with its evidence photo; 保存修改. */
async function editWithPhotos(t: ExecutionContext, fp: Page): Promise<void> {
  const photos = tid(fp, 'supply-photos');
  await loaded(photos, 2);
  await checkScreen(t, fp, 'agri-forms-01-edit-photos');
  await photos.locator('.cc-photo__remove').first().click();
  await loaded(photos, 1);
  await pickPhoto(fp, photos.locator('.cc-photo-add'), 'kiwi-new.png');
  await loaded(photos, 2);

  await tid(fp, 'supply-cert-add-organic').click();
  const cert = tid(fp, 'supply-cert').filter({ hasText: '有机' });
  await tid(fp, 'supply-save').click();
  await tid(fp, 'supply-certs').getByText('每项认证都要上传证书照片').waitFor();
  await pickPhoto(fp, cert.locator('.cc-photo-add'), 'organic-certificate.png');
  await loaded(cert, 1);
  await checkScreen(t, fp, 'agri-forms-02-certification');
  await tid(fp, 'supply-save').click();
  await tid(fp, 'supply-done').getByText('已保存').waitFor();
  await cert.getByText('待服务站核验').waitFor();
  await loaded(photos, 2);
  await checkScreen(t, fp, 'agri-forms-03-saved');
  await fitsWidth(t, fp, 'supply edit');
  await noInternalIds(t, fp, 'supply edit');
}

/** 径山村's operator sees the evidence photo under 认证核验 and confirms it. */
async function operatorConfirms(t: ExecutionContext): Promise<void> {
  const operator = await stack.login('demo-operator-2');
  const op = await pageAs(t, operator, '/operator/agri/index', errors);
  await onScreen(op, '.cc-tab[data-tab="certifications"]').click();
  const item = tid(op, 'mod-item').filter({ hasText: '猕猴桃' });
  const cert = item.getByTestId('mod-cert').filter({ hasText: '有机' });
  await loaded(cert.getByTestId('mod-cert-evidence'), 1);
  await checkScreen(t, op, 'agri-forms-05-operator-evidence');
  await noInternalIds(t, op, 'certification check');
  await cert.getByTestId('mod-cert-confirm').click();
  await tid(op, 'mod-done').getByText('认证已核验').waitFor();
  await checkScreen(t, op, 'agri-forms-06-operator-confirmed');
}

test.serial('a farmer edits a post’s photos and attaches a certification; shown to buyers once the operator checked it', async (t) => {
  const farmer: Person = await stack.login('demo-farmer-1');
  const post = await kiwiPost(farmer);
  const fp = await pageAs(t, farmer, `/farmer/supply/index?id=${post.id}`, errors);
  await tid(fp, 'agri-supply').waitFor();
  await editWithPhotos(t, fp);

  const stored = (await farmer.client.call(agriPostRoutes.getAgriPost, { params: { post_id: post.id }, query: {} })) as SupplyPost;
  t.is(stored.photo_upload_ids.length, 2);
  t.is(stored.photo_upload_ids[0], post.photos[1], 'the kept photo first');
  t.false(stored.photo_upload_ids.includes(post.photos[0]!), 'the removed photo is gone');
  t.deepEqual(
    stored.certifications.map((c) => [c.kind, c.status]),
    [['organic', 'pending']],
  );

  // Before the check a buyer sees no certification on the post, but the photos.
  const buyer = await storeBuyer();
  const bp = await pageAs(t, buyer, `/buyer/supply/index?id=${post.id}`, errors);
  await tid(bp, 'supply-view-certs').getByText('无', { exact: true }).waitFor();
  await loaded(tid(bp, 'supply-view-photos'), 2);
  await checkScreen(t, bp, 'agri-forms-04-buyer-before-check');

  await operatorConfirms(t);
  await bp.reload();
  await tid(bp, 'supply-view-certs').getByText('有机（已核验）').waitFor();
  await checkScreen(t, bp, 'agri-forms-07-buyer-sees-certified');
  await noInternalIds(t, bp, 'supply view');
  t.deepEqual(errors, [], 'no page errors');
});
