export default definePageConfig({ navigationBarTitleText: '村里的车次', enablePullDownRefresh: true });
