// Main package: home and login only. Each role's pages live in its own sub-package so the
// main package stays under WeChat's 2 MB limit as features are added.
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index'],
  subPackages: [
    { root: 'resident', pages: ['index/index'] },
    // 农产品供求 (issue 14): the farmer's supply posts, the buyer's purchase posts, matches, inquiries and search.
    { root: 'farmer', pages: ['index/index', 'supply/index', 'inquiries/index'] },
    { root: 'buyer', pages: ['index/index', 'purchase/index', 'search/index', 'supply/index'] },
    // 配送员: the workbench (duty switch, task hall), my tasks, one task with its steps, my earnings, the route in
    // order, and the village trips (村里的车次).
    { root: 'courier', pages: ['index/index', 'tasks/index', 'task/index', 'earnings/index', 'route/index', 'trips/index'] },
    // Convenience calls (便民呼叫) of residents: services, the typed form, my calls, detail with history and rating.
    { root: 'calls', pages: ['index/index', 'new/index', 'mine/index', 'detail/index', 'family/index'] },
    { root: 'provider', pages: ['index/index', 'calls/index', 'call/index'] },
    // Operators and admins share one package: the admin sees the same tools, unscoped.
    {
      root: 'operator',
      pages: [
        'index/index',
        'queue/index',
        'call/index',
        'hotline/index',
        // 居民与角色: search people, grant and revoke community roles.
        'people/index',
        // 社区商城: merchant verification, hidden products, refund disputes, the community's orders.
        'merchants/index',
        'products/index',
        'disputes/index',
        'orders/index',
        'order/index',
        // 配送调度 (the community's delivery tasks and the operator's actions on them) and 配送费规则.
        'dispatch/index',
        'fees/index',
        // 独居老人名单 (关怀探访): the community's residents living alone, whom a courier's 无人应答 has checked on.
        'welfare/index',
        // 供求审核 (issue 14): held and reported agri posts, certification checks, new varieties.
        'agri/index',
      ],
    },
    // The citizen-card wallet is everybody's (residents pay with it, farmers and couriers are paid into it).
    { root: 'wallet', pages: ['index/index', 'topup/index', 'statement/index', 'bind/index', 'pin/index', 'card/index'] },
    // 我的店铺 for anyone who sells (farmers, co-ops, community stores): shop and verification, products, import, orders, offers, earnings.
    {
      root: 'seller',
      pages: [
        'index/index',
        'profile/index',
        'verify/index',
        'products/index',
        'product/index',
        'import/index',
        'orders/index',
        'order/index',
        'offers/index',
        'earnings/index',
      ],
    },
    // 亲情代付: link to an elder, order for them (approved by the elder at a kiosk), the orders placed for them.
    { root: 'family', pages: ['links/index', 'order/index', 'orders/index'] },
    // 农产品行情 (everyone's): price trends of each variety by region, and a farmer's own price against the median.
    { root: 'prices', pages: ['index/index'] },
    // 我的消息: the inbox of what happened to a person's orders, calls and money (issue 15 item 6).
    { root: 'inbox', pages: ['index/index'] },
    // The kit's demo (组件示例, dev/kit/index): reachable by URL only.
    { root: 'dev', pages: ['kit/index'] },
    // 社区商城 for residents: home, search, product, seller, cart, checkout, wallet payment, orders, reviews.
    {
      root: 'shop',
      pages: [
        'index/index',
        'list/index',
        'product/index',
        'seller/index',
        'cart/index',
        'checkout/index',
        'pay/index',
        'orders/index',
        'order/index',
        'review/index',
      ],
    },
  ],
  // Couriers report where they are while holding tasks (courier/lib/usePosition.ts, so buyers can follow the delivery)
  // and where they stand at a door nobody opens (无人应答); WeChat asks for both to be declared.
  permission: { 'scope.userLocation': { desc: '配送中上报您的位置，方便买家查看配送进度和记录上门情况' } },
  requiredPrivateInfos: ['getLocation'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '社区服务',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
