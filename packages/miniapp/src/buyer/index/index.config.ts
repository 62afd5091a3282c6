export default definePageConfig({ navigationBarTitleText: '采购工作台' });
