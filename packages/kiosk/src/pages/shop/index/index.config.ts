export default definePageConfig({ navigationBarTitleText: '买菜' });
