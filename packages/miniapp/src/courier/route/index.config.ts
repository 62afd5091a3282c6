export default definePageConfig({ navigationBarTitleText: '配送路线', enablePullDownRefresh: true });
