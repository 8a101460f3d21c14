# A module from a sibling checkout: nothing outside the repository is read.
module "shared" {
  name   = "shared"
  source = "../../platform/modules/queue"
}

# A module folder that is not in this tree.
module "cache" {
  source = "./modules/cache"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
