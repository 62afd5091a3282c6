/**
 * The sellers' and operators' side of 社区商城 (issue 5) in the mini-program (H5 build) in Chromium against the real
 * API, database and Redis, with the demo catalog:
 * 1. the catalog: a product created with a photo and a price in yuan, its stock adjusted, then a CSV import with
 *    progress and the per-row report;
 * 2. a new shop opened from the home page, its verification rejected with a reason and then approved on the operator's
 *    merchants page;
 * 3. a product hidden by the operator with a reason (the seller sees why), then shown again.
 * Phone-sized viewport (375 px); each person signs in with their own browser storage.
 */
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { creditCodeCheckChar, routes } from '@cc/shared';
import { screenshotDir } from '../support/browser';
import { checkScreen } from '../support/axe';
import { stack, seed, store, productId, signedIn, onScreen, fitsWidth, setupSellerPages, tid } from '../support/seller-miniapp';
import { pngFrom } from '../support/images';

setupSellerPages();

function greensPhoto(): Buffer {
  return pngFrom(96, 96, (x, y) => ((x - 48) ** 2 / 900 + (y - 48) ** 2 / 400 < 1 ? [46, 140, 70] : [240, 244, 236]));
}

/** 发布商品 with a photo, the price typed in yuan (three decimals refused) and sent in fen; stock moved; a new price. */
async function newProductWithPhoto(t: ExecutionContext, page: Page): Promise<void> {
  // 发布商品: the price is typed in yuan and sent in fen.
  await onScreen(page, '.seller-products__new').click();
  await page.waitForURL(/\/seller\/product\/index/);
  const chooser = page.waitForEvent('filechooser');
  await onScreen(page, '.cc-photo-add').click();
  await (await chooser).setFiles({ name: 'greens.png', mimeType: 'image/png', buffer: greensPhoto() });
  await onScreen(page, '.cc-photo__cover').waitFor();
  await tid(page, 'product-name').locator('input').fill('本地鸡毛菜');
  await tid(page, 'product-category')
    .locator('.cc-chip')
    .filter({ hasText: /^蔬菜$/ })
    .click();
  await tid(page, 'product-subcategory').locator('.cc-chip').filter({ hasText: '叶菜类' }).click();
  await tid(page, 'product-unit').locator('.cc-chip').filter({ hasText: /^斤$/ }).click();
  await tid(page, 'product-price').locator('input').fill('4.255');
  await tid(page, 'product-stock').locator('input').fill('30');
  await tid(page, 'product-create-sell').click();
  await tid(page, 'product-price').locator('.cc-field__hint--error').getByText('最多两位小数').waitFor();
  await checkScreen(t, page, 'catalog-02-new-product-error');
  await tid(page, 'product-price').locator('input').fill('4.2');
  await tid(page, 'product-spec').locator('input').fill('约 500 克/份');
  await checkScreen(t, page, 'catalog-03-new-product');
  await fitsWidth(t, page, 'new product');
  await tid(page, 'product-create-sell').click();
  await tid(page, 'product-created').getByText('商品已发布并上架').waitFor();
  const created = await stack.api.conn.collection('products').findOne({ name: '本地鸡毛菜' });
  t.like(created, { price_fen: 420, stock: 30, unit: '斤', status: 'on_sale', spec: '约 500 克/份' });
  t.is((created?.images as string[]).length, 1, 'the photo is attached');
  const img = onScreen(page, '.cc-photo__img img');
  await img.waitFor();
  t.true(await img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth === 96), 'the uploaded photo is shown');

  // Stock: +20 arrives, 5 go bad.
  await tid(page, 'stock-amount').locator('input').fill('20');
  await tid(page, 'stock-add').click();
  await tid(page, 'product-done').getByText('库存增加 20斤，现在 50斤').waitFor();
  await tid(page, 'stock-amount').locator('input').fill('5');
  await tid(page, 'stock-take').click();
  await tid(page, 'product-done').getByText('现在 45斤').waitFor();
  t.is((await store.call(routes.getProduct, { params: { product_id: String(created!._id) } })).stock, 45);
  await checkScreen(t, page, 'catalog-04-product-stock');
  await fitsWidth(t, page, 'product page');

  // A new price saves as fen.
  await tid(page, 'product-price').locator('input').fill('3.8');
  await tid(page, 'product-save').click();
  await tid(page, 'product-done').getByText('已保存').waitFor();
  t.is((await store.call(routes.getProduct, { params: { product_id: String(created!._id) } })).price_fen, 380);
}

test.serial(
  'the catalog: a product with a photo and a price in yuan, its stock adjusted, then a CSV import with progress and a per-row report',
  async (t) => {
    const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
    await onScreen(page, '.home-shop').click();
    await tid(page, 'seller-entry-products').click();
    await page.waitForURL(/\/seller\/products\/index/);
    await onScreen(page, '.seller-product').first().waitFor();
    const photo = onScreen(page, '.seller-product img').first();
    await photo.waitFor();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.seller-product img')).some((i) => (i as HTMLImageElement).naturalWidth > 0),
    );
    await checkScreen(t, page, 'catalog-01-products');
    await fitsWidth(t, page, 'products');

    await newProductWithPhoto(t, page);

    // 批量导入: a CSV with good rows and bad ones.
    await page.goBack();
    await page.waitForURL(/\/seller\/products\/index/);
    await onScreen(page, '.seller-products__import').click();
    await page.waitForURL(/\/seller\/import\/index/);
    await onScreen(page, '.seller-import-help').waitFor();
    await checkScreen(t, page, 'catalog-05-import');
    await fitsWidth(t, page, 'import');
    const rows = [
      ['SKU', '商品名称', '分类', '单位', '价格（元）', '库存', '规格', '状态'],
      ...Array.from({ length: 40 }, (_, i) => [
        `YL-IMP-${String(i + 1).padStart(3, '0')}`,
        `导入商品${i + 1}号`,
        '日用百货/纸品',
        '包',
        '5.50',
        '20',
        '',
        '在售',
      ]),
      ['YL-IMP-BAD1', '价格为零', '纸品', '包', '0', '10', '', '在售'],
      ['YL-IMP-BAD2', '错误单位', '纸品', '吨', '2', '10', '', '在售'],
      ['YL-IMP-BAD3', '', '纸品', '包', '2', '10', '', '在售'],
    ];
    const csv = rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
    // Every progress line the page shows while the import runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver(() => {
        for (const e of Array.from(document.querySelectorAll('.seller-import-progress__text'))) {
          const text = e.textContent ?? '';
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const fileChooser = page.waitForEvent('filechooser');
    await onScreen(page, '.seller-import__pick').click();
    await (await fileChooser).setFiles({ name: '超市商品.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    // While it runs (best effort: a small file may be done before the first look).
    await onScreen(page, '.seller-import-progress')
      .waitFor({ timeout: 3000 })
      .then(() => page.screenshot({ path: path.join(screenshotDir, 'catalog-06a-import-progress.png') }))
      .catch(() => undefined);
    const report = onScreen(page, '.seller-import__current .seller-import-report');
    await report.waitFor();
    await report.locator('.seller-import-report__status').getByText('已完成').waitFor({ timeout: 30_000 });
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    t.true(progress.length > 0, 'progress was shown while the import ran');
    t.true(
      progress.every((p) => /^已检查 \d+ \/ 43 行（\d+%）$/.test(p)),
      progress.join(' | '),
    );
    t.is(await report.locator('.seller-import-report__name').textContent(), '超市商品.csv');
    await checkScreen(t, page, 'catalog-07-import-report');
    await fitsWidth(t, page, 'import report');
    const counts = await report.locator('.seller-import-count__n').allTextContents();
    t.deepEqual(counts, ['40', '0', '0', '3']);
    const problems = await report.locator('.seller-import-error').evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
    t.deepEqual(problems, ['42', '43', '44']);
    t.regex((await report.locator('.seller-import-error[data-row="42"]').textContent()) ?? '', /价格（元）.*价格须大于 0/);
    t.regex((await report.locator('.seller-import-error[data-row="44"]').textContent()) ?? '', /商品名称.*请填写商品名称/);
    const imports = await store.call(routes.listCatalogImports, { params: { merchant_id: seed.merchants['demo-store-1']! }, query: {} });
    t.like(imports.items[0], { status: 'completed', created: 40, rejected: 3, file_name: '超市商品.csv' });
    t.deepEqual(errors, []);
  },
);

test.serial(
  'a new shop: registered, real-name verification rejected with a reason on the operator page, resubmitted, approved',
  async (t) => {
    // Someone new to the app picks 益乐社区, then opens a shop from the home page.
    const { page, errors } = await signedIn(t, '新用户', '请选择您所在的社区或村');
    await page.locator('.home__choice').filter({ hasText: '文新街道益乐社区' }).click();
    await onScreen(page, '.home-open-shop').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-steps').waitFor();
    await checkScreen(t, page, 'shop-open-01-none');
    await tid(page, 'seller-create-open').click();
    await page.waitForURL(/\/seller\/profile\/index/);
    await onScreen(page, '.seller-kind .cc-chip').filter({ hasText: '社区商店' }).click();
    await onScreen(page, '.seller-name input').fill('益乐鲜果铺');
    await onScreen(page, '.seller-contact input').fill('邵春燕');
    await onScreen(page, '.seller-phone input').fill('1380000');
    await onScreen(page, '.seller-profile__save').click();
    await onScreen(page, '.seller-phone .cc-field__hint--error').getByText('请填写 11 位手机号或带区号的固定电话').waitFor();
    await onScreen(page, '.seller-phone input').fill('13800001111');
    await checkScreen(t, page, 'shop-open-02-profile');
    await fitsWidth(t, page, 'profile');
    await onScreen(page, '.seller-profile__save').click();

    // Verification: a credit code with a wrong check character is caught on the page.
    await page.waitForURL(/\/seller\/verify\/index/);
    await onScreen(page, '.seller-verify__created').waitFor();
    await onScreen(page, '.verify-name input').fill('杭州市西湖区益乐鲜果铺');
    const code17 = '92330106MA2B8K4Q1';
    const good = code17 + creditCodeCheckChar(code17);
    const bad = code17 + (good.endsWith('0') ? '1' : '0');
    await onScreen(page, '.verify-number input').fill(bad);
    await onScreen(page, '.verify-submit').click();
    await onScreen(page, '.verify-number .cc-field__hint--error').getByText('统一社会信用代码不正确').waitFor();
    await checkScreen(t, page, 'shop-open-03-verify-error');
    await onScreen(page, '.verify-number input').fill(good);
    await onScreen(page, '.verify-submit').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-verification').getByText('实名认证审核中').waitFor();
    await onScreen(page, '.seller-verification-tag').getByText('审核中').waitFor();
    await checkScreen(t, page, 'shop-open-04-pending');
    await fitsWidth(t, page, 'pending shop');

    // The operator checks it at the station and rejects it with a reason.
    const op = await signedIn(t, '运营 周敏', '您好，周敏');
    await onScreen(op.page, '.role-card[data-role="operator"]').click();
    await onScreen(op.page, '.operator__shop--merchants').click();
    await op.page.waitForURL(/\/operator\/merchants\/index/);
    const card = onScreen(op.page, '.op-merchant').filter({ hasText: '益乐鲜果铺' });
    await card.waitFor();
    const masked = `${good.slice(0, 3)}***********${good.slice(-4)}`;
    t.regex((await card.textContent()) ?? '', new RegExp(`统一社会信用代码.*${masked.replace(/\*/g, '\\*')}`));
    await checkScreen(t, op.page, 'shop-open-05-operator-pending');
    await fitsWidth(t, op.page, 'merchants');
    await card.locator('.op-merchant__reject').click();
    await card.locator('textarea').fill('营业执照上的名称是“益乐水果店”，与填写的不一致');
    await checkScreen(t, op.page, 'shop-open-06-operator-rejecting');
    await card.locator('.cc-notebox__submit').click();
    await onScreen(op.page, '.op-merchants__done').getByText('已驳回「益乐鲜果铺」').waitFor();

    // The owner sees why, corrects the name and submits again.
    await page.reload();
    await onScreen(page, '.seller-verification').getByText('实名认证未通过').waitFor();
    await onScreen(page, '.seller-verification__reason').getByText('与填写的不一致').waitFor();
    await checkScreen(t, page, 'shop-open-07-rejected');
    await tid(page, 'seller-verify-open').click();
    await page.waitForURL(/\/seller\/verify\/index/);
    await onScreen(page, '.seller-verify__rejected').waitFor();
    await onScreen(page, '.verify-name input').fill('杭州市西湖区益乐水果店');
    await onScreen(page, '.verify-number input').fill(good);
    await onScreen(page, '.verify-submit').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-verification').getByText('实名认证审核中').waitFor();

    // Approved on the operator's page; the owner's shop is verified.
    await onScreen(op.page, '.cc-tab[data-tab="rejected"]').click();
    await onScreen(op.page, '.cc-tab[data-tab="pending"]').click();
    const again = onScreen(op.page, '.op-merchant').filter({ hasText: '益乐鲜果铺' });
    await again.getByText('杭州市西湖区益乐水果店').waitFor();
    await again.locator('.op-merchant__approve').click();
    await onScreen(op.page, '.op-merchants__done').getByText('「益乐鲜果铺」已通过实名认证').waitFor();
    await checkScreen(t, op.page, 'shop-open-08-operator-approved');
    await page.reload();
    await onScreen(page, '.seller-verification-tag').getByText('已认证').waitFor();
    t.is(await onScreen(page, '.seller-verification').count(), 0);
    await checkScreen(t, page, 'shop-open-09-verified');
    const shops = await stack.api.conn.collection('merchants').find({ name: '益乐鲜果铺' }).toArray();
    t.is(shops.length, 1);
    t.is((shops[0]?.verification as { status: string }).status, 'verified');
    t.deepEqual(errors, []);
    t.deepEqual(op.errors, []);
  },
);

test.serial('an operator hides a product with a reason, the seller sees why, the operator lifts it', async (t) => {
  const op = await signedIn(t, '运营 周敏', '您好，周敏');
  await onScreen(op.page, '.role-card[data-role="operator"]').click();
  await onScreen(op.page, '.operator__shop--products').click();
  await op.page.waitForURL(/\/operator\/products\/index/);
  await op.page.getByText('没有被隐藏的商品').waitFor();
  await onScreen(op.page, '.op-search__input input').fill('笋干');
  await onScreen(op.page, '.op-search__go').click();
  const found = onScreen(op.page, '.op-product--found').filter({ hasText: '农家笋干' });
  await found.waitFor();
  await found.locator('.op-product__hide').click();
  const reason = '标注“日晒”，抽检为烘干，请改正描述';
  await found.locator('textarea').fill(reason);
  await checkScreen(t, op.page, 'hide-01-operator-hiding');
  await fitsWidth(t, op.page, 'hiding');
  await found.locator('.cc-notebox__submit').click();
  await onScreen(op.page, '.op-products__done').getByText('「农家笋干」已隐藏，居民看不到了').waitFor();
  const hidden = onScreen(op.page, '.op-product--hidden').filter({ hasText: '农家笋干' });
  await hidden.getByText(reason).waitFor();
  await checkScreen(t, op.page, 'hide-02-operator-hidden');
  const sunId = await productId('JS-SUN-02');
  t.like(await stack.api.conn.collection('products').findOne({ sku: 'JS-SUN-02' }), { status: 'hidden_by_operator' });
  const search = await stack.client.call(routes.searchProducts, { query: { community_id: seed.communities.wenxin, q: '笋干' } });
  t.false(
    search.items.some((p) => p.id === sunId),
    'residents do not find it',
  );

  // 陈建国 (the farmer who sells it) sees it under 被隐藏, with the reason, and cannot put it back on sale himself.
  const farmer = await signedIn(t, '农户 陈建国', '您好，陈建国');
  await onScreen(farmer.page, '.role-card[data-role="farmer"]').click();
  await onScreen(farmer.page, '.farmer__shop').click();
  await farmer.page.waitForURL(/\/seller\/index\/index/);
  await tid(farmer.page, 'seller-entry-products').click();
  await onScreen(farmer.page, '.cc-tab[data-tab="hidden_by_operator"]').click();
  const row = onScreen(farmer.page, `.seller-product[data-product="${sunId}"]`);
  await row.locator('.seller-product__hidden').getByText(reason).waitFor();
  t.is(await row.locator('.seller-product__on, .seller-product__off').count(), 0, 'no 上架 / 下架 while hidden');
  await checkScreen(t, farmer.page, 'hide-03-seller-sees-reason');
  await fitsWidth(t, farmer.page, 'hidden product');

  // Lifted: back on sale as it was.
  await hidden.locator('.op-product__unhide').click();
  await hidden.locator('.op-product__unhide-yes').click();
  await onScreen(op.page, '.op-products__done').getByText('「农家笋干」已取消隐藏').waitFor();
  await op.page.getByText('没有被隐藏的商品').waitFor();
  t.like(await stack.api.conn.collection('products').findOne({ sku: 'JS-SUN-02' }), { status: 'on_sale' });
  t.deepEqual(op.errors, []);
  t.deepEqual(farmer.errors, []);
});
