import type { APIRequestContext } from '@playwright/test';
import { callServerFn, serviceId } from './data';

/** Books through the server function the portal uses (arrange step); returns the number. */
export async function bookViaApi(
  request: APIRequestContext,
  carId: number,
  date: string,
  start: string,
  serviceCode: string,
  symptoms: string[] = [],
  description = '',
  outletId = 1,
): Promise<string> {
  const service = await serviceId(request, serviceCode);
  const { status, body } = await callServerFn(request, 'bookings/create', {
    request: {
      outlet_id: outletId,
      car_id: carId,
      service_ids: [service],
      symptoms,
      description,
      date,
      start: `${start}:00`,
    },
  });
  if (status !== 200 || !body.Booked) throw new Error(`booking failed: ${status} ${JSON.stringify(body)}`);
  return body.Booked.number as string;
}
