export default definePageConfig({ navigationBarTitleText: '供应信息' });
