export default definePageConfig({ navigationBarTitleText: '市民卡钱包', enablePullDownRefresh: true });
