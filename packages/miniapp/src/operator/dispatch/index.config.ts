export default definePageConfig({ navigationBarTitleText: '配送调度', enablePullDownRefresh: true, onReachBottomDistance: 80 });
