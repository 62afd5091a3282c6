export default definePageConfig({ navigationBarTitleText: '农产品行情', enablePullDownRefresh: true });
