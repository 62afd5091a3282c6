/** The family pages (亲情代付): links, ordering for an elder, and the orders placed for them. */
export const FAMILY_PAGES = {
  links: '/family/links/index',
  order: '/family/order/index',
  orders: '/family/orders/index',
} as const;
