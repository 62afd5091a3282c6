export default defineAppConfig({
  // The first page is the welcome (home) screen; every main action is one or two taps from it.
  pages: [
    'pages/index/index',
    'pages/setup/index',
    'pages/card/index',
    'pages/pin/index',
    'pages/balance/index',
    'pages/call/index',
    'pages/sos/index',
    'pages/help/index',
    'pages/pickup/index',
    'pages/staff/index',
    // 买菜 (issue 15 items 1–2): 再买一次, 常买的, 付款.
    'pages/shop/index/index',
    'pages/shop/frequent/index',
    'pages/shop/pay/index',
    'pages/approve/index',
    // 我的家人: linked family members, 解除关联 with the PIN (from 家人代买).
    'pages/family/index',
    // The kit's demo (组件示例): reachable by URL only.
    'pages/kit/index',
  ],
  // No sliding page transitions: screens change at once (less motion for older eyes).
  animation: false,
  window: {
    navigationBarTitleText: '社区便民服务终端',
    navigationStyle: 'custom',
  },
});
