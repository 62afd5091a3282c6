export default definePageConfig({ navigationBarTitleText: '配送员工作台', enablePullDownRefresh: true });
