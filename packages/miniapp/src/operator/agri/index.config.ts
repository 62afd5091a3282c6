export default definePageConfig({ navigationBarTitleText: '供求审核', onReachBottomDistance: 100 });
