import type { ServiceAttributeDoc, ServiceDoc } from './models';

type Def = Omit<ServiceDoc, '_id' | 'community_id' | 'created_at' | 'type' | 'order'> & { type?: ServiceDoc['type'] };

const attr = (
  a: Partial<ServiceAttributeDoc> & Pick<ServiceAttributeDoc, 'code' | 'datatype' | 'description' | 'order'>,
): ServiceAttributeDoc => ({
  required: false,
  datatype_description: null,
  values: [],
  ...a,
});
const list = (...pairs: [string, string][]) => pairs.map(([key, name]) => ({ key, name }));

import { WELFARE_CHECK_SERVICE } from '@cc/shared';

export { WELFARE_CHECK_SERVICE };

/**
 * The default catalogue every community starts with (issue 6): Open311 fields, typed attributes and an SLA.
 * A community whose catalogue was never written (seeded) reads these; `seedCatalogue` stores them idempotently.
 */
export const DEFAULT_SERVICES: Def[] = [
  {
    service_code: 'water_electric',
    service_name: '水电维修',
    description: '水管漏水、下水堵塞、跳闸断电、灯具插座等上门维修',
    group: '维修',
    keywords: ['水电', '漏水', '停电', '跳闸', '堵塞'],
    attributes: [
      attr({
        code: 'problem',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: '问题类型',
        values: list(['leak', '漏水'], ['blocked', '下水堵塞'], ['power', '停电跳闸'], ['socket', '灯具插座'], ['other', '其他']),
      }),
      attr({
        code: 'rooms',
        datatype: 'multivaluelist',
        order: 2,
        description: '涉及房间',
        values: list(['kitchen', '厨房'], ['bathroom', '卫生间'], ['bedroom', '卧室'], ['living', '客厅']),
      }),
    ],
    sla: { acknowledge_minutes: 15, resolve_minutes: 240 },
    emergency: false,
  },
  {
    service_code: 'housekeeping',
    service_name: '家政保洁',
    description: '日常保洁、深度清洁、家电清洗',
    group: '家政',
    keywords: ['保洁', '打扫', '清洁'],
    attributes: [
      attr({ code: 'area_sqm', datatype: 'number', required: true, order: 1, description: '面积（平方米）' }),
      attr({
        code: 'kind',
        datatype: 'singlevaluelist',
        order: 2,
        description: '保洁类型',
        values: list(['daily', '日常保洁'], ['deep', '深度清洁'], ['appliance', '家电清洗']),
      }),
    ],
    sla: { acknowledge_minutes: 60, resolve_minutes: 1440 },
    emergency: false,
  },
  {
    service_code: 'elder_meal',
    service_name: '助餐',
    description: '老年食堂送餐上门或代取',
    group: '助老服务',
    keywords: ['助餐', '送餐', '老人'],
    attributes: [
      attr({
        code: 'meal',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: '餐次',
        values: list(['lunch', '午餐'], ['dinner', '晚餐']),
      }),
      attr({ code: 'portions', datatype: 'number', order: 2, description: '份数' }),
      attr({ code: 'diet_note', datatype: 'text', order: 3, description: '饮食要求（软烂、少盐等）' }),
    ],
    sla: { acknowledge_minutes: 30, resolve_minutes: 180 },
    emergency: false,
  },
  {
    service_code: 'elder_bath',
    service_name: '助浴',
    description: '上门或到助浴点协助洗浴',
    group: '助老服务',
    keywords: ['助浴', '洗澡', '老人'],
    attributes: [attr({ code: 'appointment', datatype: 'datetime', required: true, order: 1, description: '预约时间' })],
    sla: { acknowledge_minutes: 60, resolve_minutes: 2880 },
    emergency: false,
  },
  {
    service_code: 'elder_escort',
    service_name: '陪诊',
    description: '陪同就医、挂号取药',
    group: '助老服务',
    keywords: ['陪诊', '就医', '医院', '老人'],
    attributes: [
      attr({ code: 'hospital', datatype: 'string', required: true, order: 1, description: '医院' }),
      attr({ code: 'appointment', datatype: 'datetime', required: true, order: 2, description: '就诊时间' }),
    ],
    sla: { acknowledge_minutes: 60, resolve_minutes: 2880 },
    emergency: false,
  },
  {
    // Opened by the delivery module when a courier finds no answer at the door of a person registered as elderly
    // living alone (delivery/tasks/welfare.ts); a family member or the elder at the kiosk may ask for a visit too.
    service_code: WELFARE_CHECK_SERVICE,
    service_name: '关怀探访',
    description: '独居老人敲门、打电话都无人应答时，社区上门或电话确认平安',
    group: '助老服务',
    keywords: ['关怀', '探访', '独居', '无人应答', '老人'],
    attributes: [],
    sla: { acknowledge_minutes: 15, resolve_minutes: 120 },
    emergency: false,
  },
  {
    service_code: 'locksmith',
    service_name: '开锁换锁',
    description: '忘带钥匙开锁、换锁芯（须核验身份）',
    group: '维修',
    keywords: ['开锁', '换锁', '钥匙'],
    attributes: [
      attr({
        code: 'lock_type',
        datatype: 'singlevaluelist',
        order: 1,
        description: '锁的类型',
        values: list(['door', '入户门'], ['smart', '智能锁'], ['other', '其他']),
      }),
    ],
    sla: { acknowledge_minutes: 10, resolve_minutes: 90 },
    emergency: false,
  },
  {
    service_code: 'appliance',
    service_name: '家电维修',
    description: '空调、冰箱、洗衣机、热水器等维修',
    group: '维修',
    keywords: ['家电', '空调', '冰箱', '洗衣机', '热水器'],
    attributes: [
      attr({
        code: 'appliance',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: '家电',
        values: list(['ac', '空调'], ['fridge', '冰箱'], ['washer', '洗衣机'], ['heater', '热水器'], ['other', '其他']),
      }),
      attr({ code: 'brand', datatype: 'string', order: 2, description: '品牌型号' }),
    ],
    sla: { acknowledge_minutes: 30, resolve_minutes: 1440 },
    emergency: false,
  },
  {
    service_code: 'emergency',
    service_name: '紧急求助',
    description: '突发身体不适、跌倒等紧急情况：立即通知社区服务站所有值班人员',
    group: '紧急',
    keywords: ['紧急', '求助', '跌倒', '急救'],
    type: 'realtime',
    attributes: [],
    sla: { acknowledge_minutes: 2, resolve_minutes: 30 },
    emergency: true,
  },
  {
    service_code: 'other',
    service_name: '其他',
    description: '其他便民需求',
    group: '其他',
    keywords: ['其他'],
    attributes: [],
    sla: { acknowledge_minutes: 60, resolve_minutes: 2880 },
    emergency: false,
  },
];

export function defaultServices(community_id: string, now = new Date(0)): ServiceDoc[] {
  return DEFAULT_SERVICES.map((d, i) => ({
    _id: `${community_id}:${d.service_code}`,
    community_id,
    type: 'batch',
    order: i,
    created_at: now,
    ...d,
  }));
}
