locals {
  queues = {
    emails = 60
    sms    = 30
  }
}

module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.1.0"

  identifier     = "shop"
  instance_class = "db.t3.large"
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  name   = "shop"
}

module "worker" {
  source        = "./modules/worker"
  name          = "notifier"
  replicas      = 3
  database_host = module.db.db_instance_address
  queue_urls    = [for queue in aws_sqs_queue.notifications : queue.url]
}

resource "aws_sqs_queue" "notifications" {
  for_each                  = local.queues
  name                      = "notify-${each.key}"
  message_retention_seconds = each.value
}
