export default definePageConfig({ navigationBarTitleText: '供应详情' });
