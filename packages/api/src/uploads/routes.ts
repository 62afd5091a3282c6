import { uploadRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Uploads } from './index';

export function uploadHandlers(uploads: Uploads): Handlers<typeof uploadRoutes> {
  return {
    createUpload: ({ actor, upload }) => uploads.service.create(actor, upload as NonNullable<typeof upload>),
  };
}
