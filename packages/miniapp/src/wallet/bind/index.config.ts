export default definePageConfig({ navigationBarTitleText: '绑定市民卡' });
