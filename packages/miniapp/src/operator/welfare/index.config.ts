export default definePageConfig({ navigationBarTitleText: '独居老人名单', enablePullDownRefresh: true });
