export default definePageConfig({ navigationBarTitleText: '我的呼叫', enablePullDownRefresh: true });
