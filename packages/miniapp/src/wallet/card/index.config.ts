export default definePageConfig({ navigationBarTitleText: '挂失与补卡' });
