export default definePageConfig({ navigationBarTitleText: '退款争议', enablePullDownRefresh: true, onReachBottomDistance: 80 });
