import type { Role } from '@cc/shared';

export interface RoleEntry {
  role: Role;
  title: string;
  description: string;
  /** First page of the role's sub-package. */
  url: string;
}

// Order = order of the cards on the home page.
export const ROLE_ENTRIES: Record<Role, RoleEntry> = {
  resident: { role: 'resident', title: '居民服务', description: '社区购物、配送到家、便民服务呼叫', url: '/resident/index/index' },
  farmer: { role: 'farmer', title: '农户工作台', description: '发布供应、查看求购、行情和订单', url: '/farmer/index/index' },
  buyer: { role: 'buyer', title: '采购工作台', description: '发布求购、查看匹配的货源', url: '/buyer/index/index' },
  courier: { role: 'courier', title: '配送员工作台', description: '附近的配送任务、抢单、路线和收入', url: '/courier/index/index' },
  provider: { role: 'provider', title: '服务人员工作台', description: '接单并完成便民服务', url: '/provider/index/index' },
  operator: { role: 'operator', title: '社区运营', description: '终端、用户、派单和统计', url: '/operator/index/index' },
  // Admins use the operator tools, without the community scope.
  admin: { role: 'admin', title: '平台管理', description: '所有社区的终端、用户和角色', url: '/operator/index/index' },
};

export const ROLE_NAMES: Record<Role, string> = {
  resident: '居民',
  farmer: '农户',
  buyer: '采购',
  courier: '配送员',
  provider: '服务人员',
  operator: '运营',
  admin: '管理员',
};
