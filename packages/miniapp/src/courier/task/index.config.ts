export default definePageConfig({ navigationBarTitleText: '配送任务', enablePullDownRefresh: true });
