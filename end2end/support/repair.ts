import type { APIRequestContext } from '@playwright/test';
import { callServerFn, serviceId } from './data';

async function call(request: APIRequestContext, endpoint: string, args: object = {}) {
  const { status, body } = await callServerFn(request, endpoint, args);
  if (status !== 200) throw new Error(`${endpoint} failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

function stepRequest(event: string) {
  return { event, note: '', technician: null, certificate_number: '', odometer_out_km: '' };
}

function partLine(item: string, reason: string, price: string) {
  return {
    category: 'Part', item, reason, hours: '', rate: '', part_code: '', origin: 'Original', brand: '', spec: '',
    unit: '', customer_supplied: false, quantity: '1', unit_price: price, fee: null, amount: '',
  };
}

/**
 * Arrange step for staff specs: the advisor (signed in on `desk`) checks in the customer's car
 * as a walk-in and dispatches it to 张伟; the technician (signed in on `workshop`) diagnoses,
 * adds the items and sends them for approval. Returns the order number.
 */
export async function orderAwaitingApproval(
  desk: APIRequestContext,
  workshop: APIRequestContext,
  phone: string,
  plate: string,
  items: Array<[string, string, string]>,
): Promise<string> {
  const number = await checkedInAndDispatched(desk, workshop, phone, plate);
  await call(workshop, 'orders/step', { number, request: stepRequest('StartDiagnosis') });
  for (const [item, reason, price] of items) {
    await call(workshop, 'orders/add-line', { number, line: partLine(item, reason, price) });
  }
  await call(workshop, 'orders/step', { number, request: stepRequest('RequestApproval') });
  return number;
}

/** An initial estimate: services by catalogue code, and the total (fen) the customer agrees to. */
export type Estimate = { services: string[]; total: number };

/**
 * Signs the advisor and 张伟 in, checks the car in as a walk-in (with the initial `estimate`,
 * agreed by phone) and dispatches it to him.
 */
async function checkedInAndDispatched(
  desk: APIRequestContext,
  workshop: APIRequestContext,
  phone: string,
  plate: string,
  estimate: Estimate = { services: [], total: 0 },
): Promise<string> {
  await call(desk, 'auth/staff-sign-in', { username: 'advisor', password: 'demo1234' });
  await call(workshop, 'auth/staff-sign-in', { username: 'tech', password: 'demo1234' });
  const promised = new Date(Date.now() + (8 + 6) * 3600_000).toISOString().slice(0, 16) + ':00';
  const ids = await Promise.all(estimate.services.map((code) => serviceId(desk, code)));
  const number = await call(desk, 'orders/check-in', {
    form: {
      booking: null, phone, plate, customer_type: 'NewCar', repair_category: 'Minor', odometer_km: '42,100',
      fuel_percent: 50, customer_words: '刹车有异响', expectations: '', walk_around: '', promised_at: promised,
      old_parts: 'Returned', services: ids, urgent: false, rework_of: null,
      consent: { method: 'Phone', note: '车主电话同意初始估价', signature_png: '', total: estimate.total },
    },
  });
  const board = await call(desk, 'orders/dispatch-board');
  const zhang = board.technicians.find((t: { name: string }) => t.name === '张伟').id;
  await call(desk, 'orders/step', { number, request: { ...stepRequest('Dispatch'), technician: zhang } });
  return number as string;
}

/**
 * Arrange step: a walk-in (with an initial `estimate`) repaired, inspected,
 * settled and delivered through the API (the advisor on `desk`, 张伟 on `workshop`, the
 * inspector on `quality`). Returns the order number.
 */
export async function deliveredOrder(
  desk: APIRequestContext,
  workshop: APIRequestContext,
  quality: APIRequestContext,
  phone: string,
  plate: string,
  estimate?: Estimate,
): Promise<string> {
  const number = await checkedInAndDispatched(desk, workshop, phone, plate, estimate);
  await call(workshop, 'orders/step', { number, request: stepRequest('StartRepair') });
  await call(workshop, 'orders/step', { number, request: stepRequest('Finish') });
  await call(quality, 'auth/staff-sign-in', { username: 'inspector', password: 'demo1234' });
  await call(quality, 'orders/step', { number, request: stepRequest('PassCheck') });
  await call(desk, 'orders/step', { number, request: stepRequest('Settle') });
  await call(desk, 'orders/step', { number, request: { ...stepRequest('Deliver'), odometer_out_km: '42,130' } });
  return number;
}

/**
 * Arrange step: a walk-in checked in and dispatched to 张伟 (the advisor on `desk`, 张伟 on
 * `workshop`). Returns its tracking link as the check-in sheet prints it (`/track/<token>`).
 */
export async function trackingLink(desk: APIRequestContext, workshop: APIRequestContext, phone: string, plate: string): Promise<string> {
  const number = await checkedInAndDispatched(desk, workshop, phone, plate);
  const order = await call(desk, 'orders/staff-view', { number });
  return `/track/${order.tracking_token}`;
}
