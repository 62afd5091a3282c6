export default definePageConfig({ navigationBarTitleText: '账单', enablePullDownRefresh: true, onReachBottomDistance: 100 });
