export default definePageConfig({ navigationBarTitleText: '呼叫队列', enablePullDownRefresh: true });
