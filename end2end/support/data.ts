import type { APIRequestContext } from '@playwright/test';

let counter = 0;

/** A mobile number no other test uses (139 + 8 digits from the clock and a counter). */
export function uniquePhone(): string {
  counter += 1;
  const tail = (Date.now() % 1_000_000) * 100 + (counter % 100);
  return `139${String(tail).padStart(8, '0').slice(-8)}`;
}

/** The outlet's (Asia/Shanghai) date `days` from today, as YYYY-MM-DD. */
export function shanghaiDate(days: number): string {
  const shanghai = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return shanghai.toISOString().slice(0, 10);
}

/** Calls a server function the way the browser app does: POST JSON to /api/<endpoint>. */
export async function callServerFn(request: APIRequestContext, endpoint: string, args: object = {}) {
  const response = await request.post(`/api/${endpoint}`, { data: args });
  const body = await response.json().catch(() => null);
  return { status: response.status(), body };
}

/** Registers a customer with one car through the API (arrange step for staff specs). */
export async function customerWithCar(request: APIRequestContext, name: string, plate: string) {
  const phone = uniquePhone();
  const registered = await callServerFn(request, 'auth/register', { phone, name, password: 'secret-pass-1', plate: '' });
  if (registered.status !== 200) throw new Error(`register failed: ${JSON.stringify(registered)}`);
  const car = await callServerFn(request, 'cars/add', {
    car: { plate, model: '大众 朗逸', vin: '', mileage_km: '42000' },
  });
  if (car.status !== 200) throw new Error(`add car failed: ${JSON.stringify(car)}`);
  return { phone, carId: car.body.id as number };
}

/** Finds a service type's id by its code. */
export async function serviceId(request: APIRequestContext, code: string): Promise<number> {
  const { body } = await callServerFn(request, 'catalog/service-types');
  const service = (body as Array<{ id: number; code: string }>).find((s) => s.code === code);
  if (!service) throw new Error(`no service ${code}`);
  return service.id;
}
