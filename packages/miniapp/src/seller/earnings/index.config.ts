export default definePageConfig({ navigationBarTitleText: '收入', enablePullDownRefresh: true });
