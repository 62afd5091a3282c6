export default definePageConfig({ navigationBarTitleText: '我的收入', enablePullDownRefresh: true });
