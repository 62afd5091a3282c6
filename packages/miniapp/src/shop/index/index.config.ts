export default definePageConfig({ navigationBarTitleText: '社区商城', enablePullDownRefresh: true });
