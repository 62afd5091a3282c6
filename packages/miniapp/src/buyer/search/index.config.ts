export default definePageConfig({ navigationBarTitleText: '找货源', onReachBottomDistance: 100 });
