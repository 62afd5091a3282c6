export default definePageConfig({ navigationBarTitleText: '紧急联系人' });
