export default definePageConfig({ navigationBarTitleText: '商户审核', enablePullDownRefresh: true, onReachBottomDistance: 80 });
