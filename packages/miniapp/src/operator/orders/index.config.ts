export default definePageConfig({ navigationBarTitleText: '社区订单', enablePullDownRefresh: true, onReachBottomDistance: 80 });
