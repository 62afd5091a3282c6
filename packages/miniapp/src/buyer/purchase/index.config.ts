export default definePageConfig({ navigationBarTitleText: '求购信息' });
