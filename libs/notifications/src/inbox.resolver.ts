import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Policy } from '@scp/platform-graphql';
import type { NotificationsContext } from './context.js';
import {
  DeliveriesFilter,
  EmailDeliveryModel,
  NotificationModel,
  NotificationPageModel,
  PreferenceModel,
  SetPreferenceInput,
} from './inbox.model.js';
import { InboxService } from './inbox.service.js';

@Resolver()
export class InboxResolver {
  constructor(private readonly inbox: InboxService) {}

  @Query(() => NotificationPageModel, { description: 'Your own notifications, newest first' })
  @Policy('notifications:own')
  myNotifications(
    @Context() ctx: NotificationsContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('unreadOnly', { type: () => Boolean, nullable: true }) unreadOnly?: boolean,
  ) {
    return this.inbox.page(ctx, { first, after, unreadOnly });
  }

  @Query(() => Int, { description: 'How many of your notifications are unread' })
  @Policy('notifications:own')
  unreadNotificationCount(@Context() ctx: NotificationsContext) {
    return this.inbox.unreadCount(ctx);
  }

  @Mutation(() => NotificationModel)
  @Policy('notifications:own')
  markNotificationRead(@Context() ctx: NotificationsContext, @Args('id', { type: () => ID }) id: string) {
    return this.inbox.markRead(ctx, id);
  }

  @Mutation(() => Int, { description: 'Marks every unread notification read; answers how many' })
  @Policy('notifications:own')
  markAllNotificationsRead(@Context() ctx: NotificationsContext) {
    return this.inbox.markAllRead(ctx);
  }

  @Query(() => [PreferenceModel], { description: 'Your email preferences, one per kind' })
  @Policy('notifications:own')
  myNotificationPreferences(@Context() ctx: NotificationsContext) {
    return this.inbox.preferences(ctx);
  }

  @Mutation(() => PreferenceModel, {
    description: 'Email or not, at once or in the daily digest (safety-critical kinds cannot be turned off)',
  })
  @Policy('notifications:own')
  setNotificationPreference(@Context() ctx: NotificationsContext, @Args('input') input: SetPreferenceInput) {
    return this.inbox.setPreference(ctx, input);
  }

  @Query(() => [EmailDeliveryModel], { description: 'The email delivery log (system administrators)' })
  @Policy('notifications:admin')
  emailDeliveries(
    @Context() ctx: NotificationsContext,
    @Args('filter', { type: () => DeliveriesFilter, nullable: true }) filter?: DeliveriesFilter,
  ) {
    return this.inbox.deliveries(ctx, filter ?? {});
  }

  @Mutation(() => EmailDeliveryModel, { nullable: true, description: 'Send a failed email again' })
  @Policy('notifications:admin')
  retryEmailDelivery(@Context() ctx: NotificationsContext, @Args('id', { type: () => ID }) id: string) {
    return this.inbox.retry(ctx, id);
  }
}
