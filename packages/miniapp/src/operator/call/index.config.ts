export default definePageConfig({ navigationBarTitleText: '呼叫处理', enablePullDownRefresh: true });
