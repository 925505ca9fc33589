import { OrderConditionEntity, OrderEntity, OrderTypeEntity } from './orders.entities.js';
import { OrdersService } from './orders.service.js';
import {
  CaseOrdersResolver,
  OrderConditionResolver,
  OrderOperations,
  OrderResolver,
} from './orders.resolver.js';

export const ORDERS_ENTITIES = [OrderTypeEntity, OrderEntity, OrderConditionEntity];
export const ORDERS_PROVIDERS = [
  OrdersService,
  CaseOrdersResolver,
  OrderResolver,
  OrderConditionResolver,
  OrderOperations,
];
